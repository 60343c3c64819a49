import { FIELD, labelsOf, METRIC, T0_SECONDS, totalPoints, type Workload } from './workload.js';

/**
 * The request bodies of a workload, rendered once before any server starts (so that no server pays for the
 * rendering): the same logical points as GTS input lines (µs timestamps, for Continuum) and as Influx line
 * protocol (ns timestamps, for InfluxDB and VictoriaMetrics), cut into batches of `batchLines` lines.
 * Values are a seeded random walk with 2 decimals (always printed with 2 decimals, so every point is a
 * DOUBLE/float everywhere), in time-major order: at each timestamp, every series, like a scraper.
 */
export interface RenderedWorkload {
  readonly workload: Workload;
  readonly batchLines: number;
  /** One body per batch; `gts[b]` and `influx[b]` hold the same points. */
  readonly gts: readonly Buffer[];
  readonly influx: readonly Buffer[];
}

/** Request body formats: GTS input format (Warp 10 /update) or Influx line protocol (/write). */
export type BodyFormat = 'gts' | 'influx';

/** Seed of the value walk: the same for every run, so runs and servers see the same points. */
export const WALK_SEED = 42;

/** Deterministic PRNG (mulberry32): returns floats in [0, 1). */
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

/** Hundredths as a decimal with exactly 2 decimals: -5 → "-0.05", 1234 → "12.34". */
export function centsText(cents: number): string {
  const abs = cents < 0 ? -cents : cents;
  const frac = abs % 100;
  return `${cents < 0 ? '-' : ''}${(abs - frac) / 100}.${frac < 10 ? '0' : ''}${frac}`;
}

/** Renders every batch of `w` in both formats. */
export function renderWorkload(w: Workload, batchLines: number): RenderedWorkload {
  if (!Number.isInteger(batchLines) || batchLines < 1) throw new RangeError(`batch lines must be a positive integer, got ${batchLines}`);
  const gtsKeys: string[] = [];
  const influxKeys: string[] = [];
  for (let i = 0; i < w.series; i++) {
    const labels = labelsOf(i);
    gtsKeys.push(`${METRIC}{${labels.map(([k, v]) => `${k}=${v}`).join(',')}}`);
    const sorted = [...labels].sort(([a], [b]) => (a < b ? -1 : 1));
    influxKeys.push(`${METRIC},${sorted.map(([k, v]) => `${k}=${v}`).join(',')}`);
  }
  const rand = seeded(WALK_SEED);
  const walk = new Int32Array(w.series);
  for (let i = 0; i < w.series; i++) walk[i] = Math.floor(rand() * 10_000);
  const gts: Buffer[] = [];
  const influx: Buffer[] = [];
  const total = totalPoints(w);
  let gtsLines: string[] = [];
  let influxLines: string[] = [];
  let us = '';
  let ns = '';
  for (let line = 0; line < total; line++) {
    const s = line % w.series;
    if (s === 0) {
      const seconds = T0_SECONDS + line / w.series;
      us = `${seconds}000000`;
      ns = `${seconds}000000000`;
    }
    walk[s] += Math.floor(rand() * 101) - 50;
    const value = centsText(walk[s]);
    gtsLines.push(`${us}// ${gtsKeys[s]} ${value}\n`);
    influxLines.push(`${influxKeys[s]} ${FIELD}=${value} ${ns}\n`);
    if (gtsLines.length === batchLines || line === total - 1) {
      gts.push(Buffer.from(gtsLines.join(''), 'utf8'));
      influx.push(Buffer.from(influxLines.join(''), 'utf8'));
      gtsLines = [];
      influxLines = [];
    }
  }
  return { workload: w, batchLines, gts, influx };
}

/** Points in batch `b` of a rendered workload. */
export function pointsInBatch(r: RenderedWorkload, b: number): number {
  return Math.min(r.batchLines, totalPoints(r.workload) - b * r.batchLines);
}
