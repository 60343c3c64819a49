import type { Checkpoint } from '../../../../domain/ports/checkpoint.js';
import { checkpointFromJson } from '../../../../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import type { CellRead, CellWrite } from './hbase-cellset.js';

/**
 * A projection's checkpoint in its HBase row (`C || name`, family `m`): one column per partition,
 * `m:p<partition>` = the next offset in decimal, plus the marker `m:c` that tells "committed, nothing read"
 * (BEGINNING) from "never committed". Store instances of one consumer group share the row and each owns some
 * partitions: an instance writes only the partitions its commit advanced (`CheckpointCommit.partitions`), and
 * HBase merges the columns of the row, so that no instance overwrites another's partitions with its stale view.
 * A commit without `partitions` replaces the whole row (its cells, then a family delete just below their
 * timestamp removes the others).
 *
 * Rows written before (one `m:` cell holding the checkpoint's JSON) still load: their offsets merge with the
 * columns by maximum per partition (offsets of a partition only grow between resets; a reset deletes the row).
 * Limit: an instance that loses a partition in a rebalance while a batch of it is in flight may still commit
 * that batch after the new owner committed further; the column then goes back until the owner's next commit.
 */
export const CHECKPOINT_MARKER = 'c';
const PARTITION_PREFIX = 'p';
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The cells a commit writes in `row` of `family`, stamped `timestamp`. */
export function checkpointCells(row: string, family: string, commit: CheckpointCommit, timestamp: number): CellWrite[] {
  const cells: CellWrite[] = [{ row, column: `${family}:${CHECKPOINT_MARKER}`, value: new Uint8Array(0), timestamp }];
  const partitions = commit.partitions ?? [...commit.checkpoint.keys()];
  for (const p of partitions) {
    const offset = commit.checkpoint.get(p);
    if (offset === undefined) continue;
    cells.push({ row, column: `${family}:${PARTITION_PREFIX}${p}`, value: utf8.encode(String(offset)), timestamp });
  }
  return cells;
}

/** The checkpoint the cells of a row hold (undefined: never committed); throws on a cell it cannot read. */
export function checkpointFromCells(cells: readonly CellRead[], family: string): Checkpoint | undefined {
  if (cells.length === 0) return undefined;
  const out = new Map<number, number>();
  const keep = (p: number, offset: number): void => {
    if (offset > (out.get(p) ?? -1)) out.set(p, offset);
  };
  for (const cell of cells) {
    const qualifier = cell.column.startsWith(`${family}:`) ? cell.column.slice(family.length + 1) : undefined;
    if (qualifier === '') {
      for (const [p, offset] of checkpointFromJson(fromUtf8.decode(cell.value))) keep(p, offset);
    } else if (qualifier !== undefined && qualifier.startsWith(PARTITION_PREFIX)) {
      const p = Number(qualifier.slice(PARTITION_PREFIX.length));
      const offset = Number(fromUtf8.decode(cell.value));
      if (!Number.isSafeInteger(p) || p < 0 || !Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`bad checkpoint cell ${cell.column}`);
      keep(p, offset);
    }
  }
  return out;
}
