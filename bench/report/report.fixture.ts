import type { Measurement } from '../run/measurement.js';
import type { ServerName } from '../servers/bench-server.js';

/** A successful measurement with round figures, for report and bar tests; `over` replaces any of them. */
export function measured(server: ServerName, workload: string, pass: number, over: Partial<Measurement> = {}): Measurement {
  const points = 1_000_000;
  const q = (p50Ms: number) => ({ p50Ms, p99Ms: p50Ms * 2, samples: 50, pointsPerAnswer: [] });
  return {
    server,
    workload,
    pass,
    loadavg: '1.00 2.00 3.00 1/100 42',
    points,
    ingest: { pointsPerSec: 100_000, elapsedMs: 10_000 },
    settleMs: 50,
    visibility: server === 'continuum' ? { p50Ms: 20, p99Ms: 100, samples: 30, timeouts: 0 } : undefined,
    q1: q(2),
    q2: q(10),
    peakRssBytes: 256 * 1024 * 1024,
    disk: server === 'continuum' ? { totalBytes: 10 * points, parts: { store: 2 * points, log: 8 * points }, layout: 'store engine: lmdb' } : { totalBytes: 1.5 * points, parts: {} },
    replay: server === 'continuum' ? { points, pointsPerSec: 200_000 } : undefined,
    ...over,
  };
}
