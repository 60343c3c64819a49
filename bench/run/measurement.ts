import type { DiskUsage, ReplayFigures, ServerName } from '../servers/bench-server.js';
import type { Latency } from '../stats.js';

/** Latency of one benchmark query over its repetitions, with the point count every answer had. */
export interface QueryFigures extends Latency {
  /** Points each answer held (all repetitions were checked against the expected count). */
  readonly pointsPerAnswer: readonly number[];
}

/** Visibility latency while loading (Continuum): probes that saw their point, and those that timed out. */
export interface VisibilityFigures extends Latency {
  readonly timeouts: number;
}

/**
 * Everything measured on one server for one workload in one pass. A run that failed carries `error`
 * (and whatever was measured before the failure is left out): the report shows the failure and medians skip it.
 */
export interface Measurement {
  readonly server: ServerName;
  readonly workload: string;
  readonly pass: number;
  /** /proc/loadavg when the run started (other work on the machine shows here). */
  readonly loadavg: string;
  readonly points: number;
  readonly error?: string;
  readonly ingest?: { readonly pointsPerSec: number; readonly elapsedMs: number };
  /** From the last acknowledged write until every point was returned by reads. */
  readonly settleMs?: number;
  readonly visibility?: VisibilityFigures;
  readonly q1?: QueryFigures;
  readonly q2?: QueryFigures;
  readonly peakRssBytes?: number;
  readonly disk?: DiskUsage;
  readonly replay?: ReplayFigures;
}
