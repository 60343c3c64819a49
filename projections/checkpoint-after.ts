import type { Checkpoint } from '../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../domain/ports/checkpoint-store.js';
import type { LogRecord } from '../domain/ports/log-source.js';

/**
 * The checkpoint once `records` are applied on top of `from`: per partition, the offset after the
 * highest record seen (records of a partition come in order without gaps, so that is the next to read).
 * Partitions absent from the records keep their position.
 */
export function checkpointAfter(from: Checkpoint, records: readonly LogRecord[]): Checkpoint {
  const next = new Map(from);
  for (const r of records) {
    const after = r.offset + 1;
    if ((next.get(r.partition) ?? 0) < after) next.set(r.partition, after);
  }
  return next;
}

/**
 * The commit of `projection` once `records` are applied on top of `from`: the checkpoint after them, and the
 * partitions they advance (a store shared by several instances writes only those, see CheckpointCommit).
 */
export function commitAfter(projection: string, from: Checkpoint, records: readonly LogRecord[]): CheckpointCommit {
  const partitions: number[] = [];
  for (const r of records) if (!partitions.includes(r.partition)) partitions.push(r.partition);
  return { projection, checkpoint: checkpointAfter(from, records), partitions };
}
