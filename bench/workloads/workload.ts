/**
 * The workloads of the side-by-side benchmark (issue 3), as pure data: how many series, how many points per
 * series, which labels, which timestamps, and what the two benchmark queries must return. The same logical
 * points are rendered for every server (bench/workloads/render.ts), so point counts are comparable.
 *
 * Series `i` is `bench{host=h<i>,rack=r<i div 100>,dc=dc<i mod 4>}`: three labels, and every `rack` value
 * groups (at most) 100 series, which is what q2 selects. Timestamps are one per second from T0_SECONDS.
 */
export interface Workload {
  readonly name: string;
  readonly series: number;
  readonly pointsPerSeries: number;
}

/** The workloads of issue 3 at scale 1. */
export const WORKLOADS: readonly Workload[] = [
  { name: 'W1', series: 1_000, pointsPerSeries: 1_000 },
  { name: 'W2', series: 100_000, pointsPerSeries: 10 },
  { name: 'W3', series: 10, pointsPerSeries: 100_000 },
];

/** Class name (Warp 10), measurement (InfluxDB) and metric name (VictoriaMetrics, single field skipped). */
export const METRIC = 'bench';
/** The only Influx field: with -influxSkipSingleField VictoriaMetrics names the metric after the measurement. */
export const FIELD = 'value';
/** First timestamp, in seconds (2023-11-14T22:13:20Z). */
export const T0_SECONDS = 1_700_000_000;
/** Series per `rack` label value. */
export const RACK_SIZE = 100;

/** A query range bound, in seconds plus half a second (so that inclusive/exclusive bounds never matter). */
export interface HalfSecondBound {
  /** Whole seconds; the bound is `seconds + 0.5`. */
  readonly seconds: number;
}

/** One benchmark query: the selected series (by one label), the range, and the exact point count expected. */
export interface QuerySpec {
  readonly label: 'host' | 'rack';
  readonly value: string;
  /** Range start: between two points (half a second before the first selected one). */
  readonly start: HalfSecondBound;
  /** Range end: half a second after the last selected point. */
  readonly end: HalfSecondBound;
  readonly expectedPoints: number;
}

/**
 * Scales a workload by `scale` along its longer dimension (points per series on ties), so that a scaled W1
 * keeps its 1,000 series (q2 still selects 100 of them) and a scaled W2 keeps 10 points per series.
 * Never below 4 points per series (the middle half of q2 must be a whole number of points) or 1 series.
 */
export function scaled(w: Workload, scale: number): Workload {
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`scale must be in (0, 1], got ${scale}`);
  if (scale === 1) return w;
  if (w.pointsPerSeries >= w.series) return { ...w, pointsPerSeries: Math.max(4, Math.round(w.pointsPerSeries * scale)) };
  return { ...w, series: Math.max(1, Math.round(w.series * scale)) };
}

/** Total points of a workload. */
export function totalPoints(w: Workload): number {
  return w.series * w.pointsPerSeries;
}

/** The three labels of series `i`, in the order they are rendered. */
export function labelsOf(i: number): readonly [string, string][] {
  return [
    ['host', `h${i}`],
    ['rack', `r${Math.floor(i / RACK_SIZE)}`],
    ['dc', `dc${i % 4}`],
  ];
}

/** Series and timestamp (seconds) of line `line` in time-major order (at each timestamp, every series). */
export function pointAt(w: Workload, line: number): { series: number; seconds: number } {
  return { series: line % w.series, seconds: T0_SECONDS + Math.floor(line / w.series) };
}

/** Number of `rack` values of a workload. */
export function rackCount(w: Workload): number {
  return Math.ceil(w.series / RACK_SIZE);
}

/**
 * q1 of repetition `rep`: one series, its full range. Repetitions walk over the series (a stride prime to
 * every series count used here), so that no server answers from a one-series cache.
 */
export function q1Of(w: Workload, rep: number): QuerySpec {
  const series = (rep * 7919) % w.series;
  return {
    label: 'host',
    value: `h${series}`,
    start: { seconds: T0_SECONDS - 1 },
    end: { seconds: T0_SECONDS + w.pointsPerSeries - 1 },
    expectedPoints: w.pointsPerSeries,
  };
}

/**
 * q2 of repetition `rep`: the series of one `rack` value (100, or all when fewer), the middle half of the
 * range: point indexes [⌊P/4⌋, ⌊3P/4⌋).
 */
export function q2Of(w: Workload, rep: number): QuerySpec {
  const rack = (rep * 7) % rackCount(w);
  const inRack = Math.min(RACK_SIZE, w.series - rack * RACK_SIZE);
  const first = Math.floor(w.pointsPerSeries / 4);
  const endExclusive = Math.floor((3 * w.pointsPerSeries) / 4);
  return {
    label: 'rack',
    value: `r${rack}`,
    start: { seconds: T0_SECONDS + first - 1 },
    end: { seconds: T0_SECONDS + endExclusive - 1 },
    expectedPoints: inRack * (endExclusive - first),
  };
}
