import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { encodeChunk } from '../../../domain/datapoints/chunk-codec.js';
import { decodeChunkInto } from '../../../domain/datapoints/chunk-columns-decoder.js';
import type { Datapoint } from '../../../domain/datapoints/datapoint.js';
import { PointColumns } from '../../../domain/datapoints/point-columns.js';
import { decimal } from '../../../domain/datapoints/value.js';
import { fetchFormatter } from '../../../domain/output/fetch-formatter.js';
import type { DatapointStore } from '../../../domain/ports/datapoint-store.js';
import type { Series, SeriesId } from '../../../domain/series/series.js';
import type { Config } from '../../config/config.js';
import { CONFIG } from '../../infrastructure/tokens.js';
import { fetchBody } from './fetch-body.js';
import { readSeriesPoints, type PointPlan } from './series-points.reader.js';

/** How often the read path is exercised (a few hundred µs each time, so ~0.05% of a core). */
export const WARMUP_INTERVAL_MS = 1_000;
/** Points of the synthetic series: enough for the per-point loops to count as hot. */
const WARMUP_POINTS = 1_000;
/** The formats exercised (`null` prints nothing). */
const WARMUP_FORMATS = ['text', 'fulltext', 'json', 'tsv', 'fulltsv'] as const;

const SERIES: Series = {
  id: '0'.repeat(32) as SeriesId,
  className: 'continuum.warmup',
  labels: new Map([['host', 'warmup']]),
  attributes: new Map(),
};

const WHOLE: PointPlan = { start: -(2n ** 63n), end: 2n ** 63n - 1n, skip: 0, step: 1, timestep: 1n, sample: 1, pre: 0, post: 0 };

/**
 * Keeps the /fetch read path's per-point code compiled. Measured on W1 (a cell loaded, then queried as the bench
 * does): the first ~25 single-series fetches after a load took 3–20 ms instead of ~1 ms, and their profile was the
 * per-point loops (chunk decoding, text rendering) still running unoptimised while V8 compiled them on the
 * machine's busy cores; 20 fetches beforehand brought the following ones to the warm figure. Ingest never runs
 * those loops (the visibility-style reads of a point or two do not make them hot), so every process would pay
 * this on its first real reads.
 *
 * So every WARMUP_INTERVAL_MS (timer unref'd: it never keeps the process alive) a synthetic series of
 * WARMUP_POINTS decimal points is decoded from its chunk and rendered in each text format through the same
 * functions a fetch uses (`readSeriesPoints`, `fetchBody`, the formatters), into nothing. It reads no store and
 * writes nothing: a failure is logged once and stops the warm-up, never a request.
 */
@Injectable()
export class ReadPathWarmup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('egress');
  private readonly chunk = encodeChunk(syntheticPoints(WARMUP_POINTS));
  private readonly store: DatapointStore;
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(CONFIG) private readonly config: Config) {
    const chunk = this.chunk;
    this.store = {
      apply: () => Promise.resolve(),
      fetch: () => Promise.resolve([]),
      truncate: () => Promise.resolve(),
      fetchColumns: () => {
        const out = new PointColumns(WARMUP_POINTS);
        decodeChunkInto(chunk, out);
        return Promise.resolve(out);
      },
    };
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.run().catch((err: unknown) => {
        this.logger.warn(`read path warm-up stopped: ${(err as Error).message}`);
        this.stop();
      });
    }, WARMUP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** One round over every format; returns the bytes rendered (what a test checks). */
  async run(): Promise<number> {
    const pageSize = this.config.get('egress.fetch.pagesize');
    let bytes = 0;
    for (const format of WARMUP_FORMATS) {
      const formatter = fetchFormatter(format, { showAttributes: false, sortMeta: false, dedup: false, expose: false, jsonIdMask: 0n });
      for await (const piece of fetchBody([SERIES], formatter, (s) => readSeriesPoints(this.store, s.id, WHOLE, pageSize))) bytes += piece.length;
    }
    return bytes;
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Points shaped like a live feed (µs, one a second, newest first, a 2-decimal random walk). */
function syntheticPoints(n: number): Datapoint[] {
  const points: Datapoint[] = [];
  let unscaled = 10_000n;
  for (let i = 0; i < n; i++) {
    unscaled += BigInt(((i * 7_919) % 101) - 50);
    points.push({ ts: 1_700_000_000_000_000n - BigInt(i) * 1_000_000n, value: decimal(unscaled, 2) });
  }
  return points;
}
