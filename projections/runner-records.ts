import type { Checkpoint } from '../domain/ports/checkpoint.js';
import { pointCountOf, type DataEvent, type DatapointsStored } from '../domain/events/data.events.js';
import type { LogRecord } from '../domain/ports/log-source.js';

/** Helpers of ProjectionRunner over records and checkpoints (pure). */

export const noop = (): void => undefined;

/** Datapoints carried by the records (data topic), for throughput stats. */
export function pointsIn(records: readonly LogRecord[]): number {
  let n = 0;
  for (const r of records) {
    const event = r.event as DataEvent | { readonly type: string };
    if (event.type === 'DatapointsStored') n += pointCountOf(event as DatapointsStored);
  }
  return n;
}

/**
 * Where the source met a record it could not decode (an error carrying `partition` and `offset`, such as
 * the logs' LogDecodeError), if that record is the next one to apply after `applied`; otherwise undefined.
 */
export function unreadableAt(error: unknown, applied: Checkpoint): { partition: number; offset: number } | undefined {
  const e = error as { partition?: unknown; offset?: unknown } | null;
  if (typeof e !== 'object' || e === null || typeof e.partition !== 'number' || typeof e.offset !== 'number') return undefined;
  return (applied.get(e.partition) ?? 0) === e.offset ? { partition: e.partition, offset: e.offset } : undefined;
}

/** Records between `applied` and the log's `end`, per partition of `end`. */
export function lagOf(end: Checkpoint, applied: Checkpoint): Map<number, number> {
  const out = new Map<number, number>();
  for (const [partition, next] of end) out.set(partition, Math.max(0, next - (applied.get(partition) ?? 0)));
  return out;
}
