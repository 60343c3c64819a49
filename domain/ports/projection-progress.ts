import type { LogPosition } from './command-log.js';

/** The read models a query may wait for. */
export type ReadModelName = 'store' | 'directory';

/**
 * Read your writes: resolves true once the projection feeding `readModel` has applied every record up to
 * `position` (as returned by CommandLog.append), false if `timeoutMs` passes first. MUST NOT poll in a
 * busy loop; MUST resolve at once when already applied.
 */
export interface ProjectionProgress {
  waitFor(readModel: ReadModelName, position: LogPosition, timeoutMs: number): Promise<boolean>;
}
