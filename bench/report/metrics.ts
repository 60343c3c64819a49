import type { Measurement } from '../run/measurement.js';
import type { ServerName } from '../servers/bench-server.js';
import { median } from '../stats.js';

/** One reported figure: how to read it off a measurement, and which way is better. */
export interface Metric {
  readonly key: string;
  readonly label: string;
  readonly better: 'higher' | 'lower';
  readonly of: (m: Measurement) => number | undefined;
}

const MIB = 1024 * 1024;

/** Bytes per point of the Continuum store (the whole data directory for servers without a separate store). */
function storeBytesPerPoint(m: Measurement): number | undefined {
  if (m.disk === undefined) return undefined;
  return (m.disk.parts.store ?? m.disk.totalBytes) / m.points;
}

/** The figures of the report, in table order. */
export const METRICS: readonly Metric[] = [
  { key: 'ingest', label: 'ingest points/s', better: 'higher', of: (m) => m.ingest?.pointsPerSec },
  { key: 'visP50', label: 'visibility p50 ms', better: 'lower', of: (m) => m.visibility?.p50Ms },
  { key: 'visP99', label: 'visibility p99 ms', better: 'lower', of: (m) => m.visibility?.p99Ms },
  { key: 'settle', label: 'settle ms', better: 'lower', of: (m) => m.settleMs },
  { key: 'q1P50', label: 'q1 p50 ms', better: 'lower', of: (m) => m.q1?.p50Ms },
  { key: 'q1P99', label: 'q1 p99 ms', better: 'lower', of: (m) => m.q1?.p99Ms },
  { key: 'q2P50', label: 'q2 p50 ms', better: 'lower', of: (m) => m.q2?.p50Ms },
  { key: 'q2P99', label: 'q2 p99 ms', better: 'lower', of: (m) => m.q2?.p99Ms },
  { key: 'bytesPerPoint', label: 'bytes/point (all)', better: 'lower', of: (m) => (m.disk === undefined ? undefined : m.disk.totalBytes / m.points) },
  { key: 'storeBytesPerPoint', label: 'bytes/point (store)', better: 'lower', of: storeBytesPerPoint },
  { key: 'logBytesPerPoint', label: 'bytes/point (log)', better: 'lower', of: (m) => (m.disk?.parts.log === undefined ? undefined : m.disk.parts.log / m.points) },
  { key: 'rssMiB', label: 'peak RSS MiB', better: 'lower', of: (m) => (m.peakRssBytes === undefined ? undefined : m.peakRssBytes / MIB) },
  { key: 'replay', label: 'replay points/s', better: 'higher', of: (m) => m.replay?.pointsPerSec },
];

/** The metric named `key` (a programming error when unknown). */
export function metric(key: string): Metric {
  const found = METRICS.find((m) => m.key === key);
  if (found === undefined) throw new Error(`BUG: no metric '${key}'`);
  return found;
}

/** The successful measurements of one server on one workload. */
export function runsOf(all: readonly Measurement[], workload: string, server: ServerName): Measurement[] {
  return all.filter((m) => m.workload === workload && m.server === server && m.error === undefined);
}

/** Median of a metric over the successful passes of one server on one workload (NaN when none has it). */
export function medianOf(all: readonly Measurement[], workload: string, server: ServerName, key: string): number {
  const of = metric(key).of;
  return median(runsOf(all, workload, server).map(of).filter((x): x is number => x !== undefined));
}

/**
 * Continuum's figure divided by the peer's, pass by pass (both measured minutes apart on the same machine,
 * so the machine's drift cancels out), then the median of those ratios. NaN when no pass has both.
 */
export function ratioOf(all: readonly Measurement[], workload: string, peer: ServerName, key: string): number {
  const of = metric(key).of;
  const ours = runsOf(all, workload, 'continuum');
  const theirs = runsOf(all, workload, peer);
  const ratios: number[] = [];
  for (const m of ours) {
    const p = theirs.find((t) => t.pass === m.pass);
    const a = of(m);
    const b = p === undefined ? undefined : of(p);
    if (a !== undefined && b !== undefined && b !== 0) ratios.push(a / b);
  }
  return median(ratios);
}
