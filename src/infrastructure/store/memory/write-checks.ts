import { ValidationError } from '../../../../domain/errors.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import type { DatapointWrite, FetchRange } from '../../../../domain/ports/datapoint-store.js';

/**
 * Argument checks of the in-memory adapters, run before anything changes so that a rejected apply
 * leaves the database untouched (all or nothing, like a persistent adapter's transaction).
 */
export function checkCommit(commit: CheckpointCommit | undefined): void {
  if (commit === undefined) return;
  if (typeof commit.projection !== 'string' || commit.projection === '') {
    throw new ValidationError('cannot commit checkpoint: the projection name is empty');
  }
  for (const [partition, offset] of commit.checkpoint) {
    if (!isNonNegativeInteger(partition) || !isNonNegativeInteger(offset)) {
      throw new ValidationError(`cannot commit checkpoint of ${commit.projection}: bad entry ${partition} -> ${offset}`);
    }
  }
}

/** Versions are log offsets: non-negative safe integers. */
export function checkDatapointWrites(writes: readonly DatapointWrite[]): void {
  for (const w of writes) {
    if (w.type === 'put' && !isNonNegativeInteger(w.version)) {
      throw new ValidationError(`cannot store datapoints of ${w.series}: bad version ${w.version}`);
    }
  }
}

/** Bounds must be ordered; count, pre and post non-negative integers. */
export function checkRange(range: FetchRange): void {
  if (range.start > range.end) throw new ValidationError(`cannot fetch: start ${range.start} is after end ${range.end}`);
  for (const key of ['count', 'pre', 'post'] as const) {
    const v = range[key];
    if (v !== undefined && !isNonNegativeInteger(v)) throw new ValidationError(`cannot fetch: bad ${key} ${v}`);
  }
}

function isNonNegativeInteger(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
