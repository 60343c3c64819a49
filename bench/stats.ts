/**
 * The few statistics the benchmark reports. Percentiles use the nearest-rank method (a value that was
 * actually observed, never an interpolation), so a p99 over 50 samples is the largest but one… of them.
 */

/** Nearest-rank percentile `p` (0 < p ≤ 100) of `samples`; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Median of `samples` (mean of the two middle values for an even count); NaN when there are none. */
export function median(samples: readonly number[]): number {
  const finite = samples.filter((x) => !Number.isNaN(x));
  if (finite.length === 0) return Number.NaN;
  const sorted = Float64Array.from(finite).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** p50 and p99 of latency samples, in ms. */
export interface Latency {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly samples: number;
}

/** Summarises latency samples (ms). */
export function latencyOf(samplesMs: readonly number[]): Latency {
  return { p50Ms: percentile(samplesMs, 50), p99Ms: percentile(samplesMs, 99), samples: samplesMs.length };
}
