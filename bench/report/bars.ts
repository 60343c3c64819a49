import type { Measurement } from '../run/measurement.js';
import { median } from '../stats.js';
import { medianOf, ratioOf, runsOf } from './metrics.js';

/** Where Continuum stands against one bar of issue 3 on one workload. */
export interface BarVerdict {
  readonly bar: string;
  readonly workload: string;
  /** The figure the verdict rests on, readable (e.g. `0.42 × VictoriaMetrics`). */
  readonly figure: string;
  readonly verdict: 'met' | 'not met' | 'n/a';
}

const GIB = 1024 ** 3;

const fmt = (x: number, digits = 2) => (Number.isNaN(x) ? 'n/a' : x.toFixed(digits));

function judge(value: number, ok: (x: number) => boolean): BarVerdict['verdict'] {
  return Number.isNaN(value) ? 'n/a' : ok(value) ? 'met' : 'not met';
}

/**
 * The bars of issue 3, judged on the run's medians (ratios: median of per-pass ratios, never figures from
 * different runs). A bar whose figure is missing (peer skipped, run failed) is 'n/a'.
 */
export function judgeBars(all: readonly Measurement[], workloads: readonly string[]): BarVerdict[] {
  const out: BarVerdict[] = [];
  for (const w of workloads) {
    const vsInflux = ratioOf(all, w, 'influx', 'ingest');
    out.push({ bar: "ingest ≥ InfluxDB's", workload: w, figure: `${fmt(vsInflux)} × InfluxDB`, verdict: judge(vsInflux, (x) => x >= 1) });
    const vsVictoria = ratioOf(all, w, 'victoria', 'ingest');
    out.push({ bar: "ingest ≥ 50% of VictoriaMetrics'", workload: w, figure: `${fmt(vsVictoria)} × VictoriaMetrics`, verdict: judge(vsVictoria, (x) => x >= 0.5) });
    for (const q of ['q1', 'q2'] as const) {
      const r = ratioOf(all, w, 'victoria', `${q}P50`);
      out.push({ bar: `${q} p50 ≤ 1.5 × VictoriaMetrics'`, workload: w, figure: `${fmt(r)} × VictoriaMetrics`, verdict: judge(r, (x) => x <= 1.5) });
    }
    if (w === 'W1' || w === 'W3') {
      const bpp = medianOf(all, w, 'continuum', 'storeBytesPerPoint');
      out.push({ bar: 'store bytes/point ≤ 3 (W1, W3)', workload: w, figure: `${fmt(bpp)} B/point`, verdict: judge(bpp, (x) => x <= 3) });
    }
    const runs = runsOf(all, w, 'continuum');
    const p99 = medianOf(all, w, 'continuum', 'visP99');
    const timeouts = runs.reduce((n, m) => n + (m.visibility?.timeouts ?? 0), 0);
    out.push({
      bar: 'visibility p99 ≤ 200 ms at full ingest rate',
      workload: w,
      figure: `${fmt(p99, 0)} ms${timeouts > 0 ? ` (${timeouts} probes timed out)` : ''}`,
      verdict: timeouts > 0 ? 'not met' : judge(p99, (x) => x <= 200),
    });
    const replayOverIngest = median(runs.filter((m) => m.replay && m.ingest).map((m) => m.replay!.pointsPerSec / m.ingest!.pointsPerSec));
    out.push({ bar: 'replay throughput ≥ ingest throughput', workload: w, figure: `replay = ${fmt(replayOverIngest)} × ingest`, verdict: judge(replayOverIngest, (x) => x >= 1) });
    if (w === 'W2') {
      const all2 = all.filter((m) => m.workload === 'W2' && m.server === 'continuum');
      const failed = all2.filter((m) => m.error !== undefined).length;
      const peak = Math.max(...runs.map((m) => m.peakRssBytes ?? Number.NaN));
      const verdict = all2.length === 0 ? 'n/a' : failed > 0 ? 'not met' : judge(peak, (x) => x < GIB);
      out.push({ bar: 'W2 completes with RSS < 1 GiB', workload: w, figure: failed > 0 ? `${failed} of ${all2.length} passes failed` : `max peak RSS ${fmt(peak / 1024 ** 2, 0)} MiB`, verdict });
    }
  }
  return out;
}
