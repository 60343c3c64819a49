import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ByteWriter } from '../../../../../domain/datapoints/byte-writer.js';
import { encodeColumnsInto } from '../../../../../domain/datapoints/chunk-encoder.js';
import { KIND_DECIMAL, KIND_LONG, PointColumns } from '../../../../../domain/datapoints/point-columns.js';
import type { DatapointWrite } from '../../../../../domain/ports/datapoint-store.js';
import { seriesIdOf, type SeriesId } from '../../../../../domain/series/series.js';
import { warmUpValue } from '../../../warm-up/warm-up-value.js';
import type { StoreOp } from './store-thread.protocol.js';
import { packWrites } from './write-wire.js';

/** Runs one request of the store thread's protocol on a store (the thread's own handler for `op`). */
export type StoreCall = (op: StoreOp, args: readonly unknown[]) => Promise<unknown>;

/** Opens a store in `dir` and returns a way to call it and to close it. */
export type ScratchStoreOpener = (dir: string) => Promise<{ readonly call: StoreCall; close(): Promise<void> }>;

const SERIES = 200;
const ROUNDS = 40;
const POINTS_PER_PUT = 10;
const BASE_US = 1_600_000_000_000_000;

/**
 * Runs the store thread's write and read paths on a scratch store in a temporary directory (removed after), so that
 * V8 has compiled them before the real store's first request: a fresh thread applied its first ~10,000 points in
 * ~275 ms against ~5 ms once warm, and served its first reads 3–4× slower than later ones — what a client writing
 * or reading right after a start waited for. Same requests as the main thread sends (packed writes, fetches of one
 * series and of many), on data shaped like a scraper's (series written in rounds of a few points, decimal and long
 * values), enough rounds for the small-block merges to run. Never touches the real store.
 */
export async function warmUpStore(open: ScratchStoreOpener): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'continuum-store-warm-up-'));
  try {
    const store = await open(dir);
    try {
      const ids = Array.from({ length: SERIES }, (_, i) => spreadSeriesId(i));
      for (let round = 0; round < ROUNDS; round++) await store.call('datapoints.apply', [packWrites(roundOfPuts(ids, round))]);
      const all = { start: 0n, end: BigInt(BASE_US + ROUNDS * POINTS_PER_PUT * 1_000_000) };
      for (const id of ids) await store.call('datapoints.fetchColumns', [id, all]);
      const middle = { start: BigInt(BASE_US + ROUNDS * POINTS_PER_PUT * 250_000), end: BigInt(BASE_US + ROUNDS * POINTS_PER_PUT * 750_000) };
      for (let from = 0; from < SERIES; from += 16) await store.call('datapoints.fetchColumnsMany', [ids.slice(from, from + 16), middle]);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A put of POINTS_PER_PUT points per series, as chunks the way ingest encodes them (one second apart, values a walk). */
function roundOfPuts(ids: readonly SeriesId[], round: number): DatapointWrite[] {
  const writer = new ByteWriter();
  return ids.map((series, s) => {
    const columns = new PointColumns(POINTS_PER_PUT);
    for (let k = 0; k < POINTS_PER_PUT; k++) {
      const step = round * POINTS_PER_PUT + k;
      const ts = BASE_US + step * 1_000_000;
      const value = warmUpValue(step, s);
      if (value.long) columns.pushNumeric(ts, KIND_LONG, value.unscaled, 0);
      else columns.pushNumeric(ts, KIND_DECIMAL, value.unscaled, 2);
    }
    writer.reset();
    encodeColumnsInto(columns, 0, POINTS_PER_PUT, writer);
    return { type: 'put', series, version: round + 1, points: [], chunks: [writer.result()] };
  });
}

/** Series ids spread like real ones (SipHash outputs), so that keys do not all share a prefix. */
function spreadSeriesId(i: number): SeriesId {
  return seriesIdOf(BigInt(Math.imul(i + 1, 0x9e3779b1) >>> 0) << 32n, BigInt(i));
}
