import type { HttpAnswer } from '../load/http.js';
import type { BodyFormat } from '../workloads/render.js';
import type { QuerySpec, Workload } from '../workloads/workload.js';

/** The servers the harness knows. */
export type ServerName = 'continuum' | 'victoria' | 'influx';

export const SERVER_NAMES: readonly ServerName[] = ['continuum', 'victoria', 'influx'];

/** Where and how the load driver posts the workload's batches. */
export interface IngestTarget {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly format: BodyFormat;
}

/** Disk usage after a clean stop: the whole data directory, and named parts of it (Continuum: store, log). */
export interface DiskUsage {
  readonly totalBytes: number;
  readonly parts: Readonly<Record<string, number>>;
  /** What the files show about the storage (Continuum: `store engine: leveldb|lmdb`). */
  readonly layout?: string;
}

/** Throughput of rebuilding a read model from the log on a stopped server (Continuum's `replay store`). */
export interface ReplayFigures {
  readonly points: number;
  readonly pointsPerSec: number;
}

/**
 * One server under benchmark, started by the harness on 127.0.0.1 with its data in a fresh temporary
 * directory. The runner calls, in order: start → (ingest through `ingestTarget`, `onAck` per answer) →
 * settle → query × n → flush → peakRssBytes → stop → diskUsage → replay? → destroy; destroy is also called on
 * any failure, and must then stop the process if it still runs. Implementations must bind to 127.0.0.1 only
 * and signal only the process they started (by PID).
 */
export interface BenchServer {
  readonly name: ServerName;
  /** Why this server cannot run here (e.g. not installed), or undefined when it can. */
  unavailable(): string | undefined;
  /** Version string for the report (package version; commit for Continuum). */
  version(): string;
  /** Starts on a fresh data directory; resolves once it accepts writes and reads. */
  start(): Promise<void>;
  ingestTarget(): IngestTarget;
  /** Sees every acknowledged write (Continuum keeps the log positions to wait for visibility later). */
  onAck?(answer: HttpAnswer): void;
  /**
   * After the load: returns once every acknowledged point of `w` is returned by reads (bounded wait; throws
   * when it does not happen).
   */
  settle(w: Workload): Promise<void>;
  /** Runs one benchmark query and returns the whole answer (timed by the runner up to its last byte). */
  query(q: QuerySpec): Promise<Buffer>;
  /** Number of points in an answer of query() (counted outside the timing). */
  countPoints(answer: Buffer): number;
  /** Is the point of series `series` at `seconds` returned by a read now? Used by visibility probes. */
  isVisible?(series: number, seconds: number): Promise<boolean>;
  /** Makes the on-disk layout final (flush, merge, compaction) while running. */
  flush(): Promise<void>;
  /** Peak RSS of the server process so far (VmHWM), in bytes. */
  peakRssBytes(): number;
  /** Stops the server cleanly (SIGTERM, bounded). */
  stop(): Promise<void>;
  /** Disk usage of the data directory; called after stop(). */
  diskUsage(): DiskUsage;
  /** Rebuilds the store from the log on the stopped server; only servers that have one. */
  replay?(): Promise<ReplayFigures>;
  /** Stops the process if it still runs and removes the data directory. */
  destroy(): Promise<void>;
}
