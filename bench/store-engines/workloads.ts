import type { Datapoint } from '../../domain/datapoints/datapoint.js';
import type { DatapointWrite } from '../../domain/ports/datapoint-store.js';
import { seriesIdOf, type Series, type SeriesId } from '../../domain/series/series.js';

/**
 * The generated workloads of the store-engine benchmark (deterministic: same seed, same bytes).
 * W1: 1,000 series × 1,000 points; W3: 10 series × 100,000 points. Timestamps in µs, one per second;
 * values a random walk with 2 decimals (DECIMAL, steps of at most ±0.50); 3 labels per series.
 * `order` is how lines reach the store: 'time' = a live feed (each timestamp for all series, so a
 * 10,000-line batch carries a few points of many series), 'series' = a bulk load (one series after
 * the other, so a batch carries long runs of few series).
 */
export interface Workload {
  readonly name: string;
  readonly series: number;
  readonly points: number;
  readonly order: 'time' | 'series';
  readonly batchLines: number;
}

export const WORKLOADS: readonly Workload[] = [
  { name: 'W1-time', series: 1000, points: 1000, order: 'time', batchLines: 10_000 },
  { name: 'W1-time-100k', series: 1000, points: 1000, order: 'time', batchLines: 100_000 },
  { name: 'W1-series', series: 1000, points: 1000, order: 'series', batchLines: 10_000 },
  { name: 'W3-time', series: 10, points: 100_000, order: 'time', batchLines: 10_000 },
  { name: 'W3-series', series: 10, points: 100_000, order: 'series', batchLines: 10_000 },
];

export const T0 = 1_700_000_000_000_000n;
export const STEP = 1_000_000n;

/** Deterministic PRNG (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seriesOf(w: Workload): Series[] {
  const rand = seeded(42);
  const word = () => BigInt(Math.floor(rand() * 2 ** 32)) * 2n ** 32n + BigInt(Math.floor(rand() * 2 ** 32));
  return Array.from({ length: w.series }, (_, i) => ({
    id: seriesIdOf(word(), word()),
    className: 'bench.temperature',
    labels: new Map([['site', `site-${i % 17}`], ['rack', `rack-${i % 101}`], ['sensor', `s${i}`]]),
    attributes: new Map(),
  }));
}

/**
 * The apply batches of a workload: each batch is `batchLines` lines turned into one put per series
 * (version = a log offset that grows per record, as the store projection would give).
 */
export function* batchesOf(w: Workload, ids: readonly SeriesId[]): Generator<DatapointWrite[]> {
  const rand = seeded(7);
  const walk = ids.map(() => BigInt(Math.floor(rand() * 10_000)));
  const next = (s: number): bigint => (walk[s] += BigInt(Math.floor(rand() * 101) - 50));
  const total = w.series * w.points;
  let version = 0;
  for (let first = 0; first < total; first += w.batchLines) {
    const perSeries = new Map<number, Datapoint[]>();
    for (let line = first; line < Math.min(total, first + w.batchLines); line++) {
      const s = w.order === 'time' ? line % w.series : Math.floor(line / w.points);
      const k = w.order === 'time' ? Math.floor(line / w.series) : line % w.points;
      let pts = perSeries.get(s);
      if (!pts) perSeries.set(s, (pts = []));
      pts.push({ ts: T0 + BigInt(k) * STEP, value: { type: 'DECIMAL', unscaled: next(s), scale: 2 } });
    }
    yield [...perSeries].map(([s, points]): DatapointWrite => ({ type: 'put', series: ids[s], version: version++, points }));
  }
}
