import type { MergeChoice } from './head-tracker.js';

/** Points any apply may merge, whatever it writes. */
const MERGE_BASE_POINTS = 16_384;
/** Points an apply may merge per point it writes, beyond MERGE_BASE_POINTS. */
const MERGE_POINTS_PER_WRITTEN = 4;

/**
 * Bounds the points one apply rewrites in head-tracker merges. Series written at the same pace reach their
 * merge together: in a time-major load (every series at each timestamp, W1) every series' run fills in the
 * same apply, and that apply merged them all (~400,000 points, 250 ms in the store's thread, while the
 * applies behind it waited: visibility's tail). Past the budget a series' merge is deferred to a later apply
 * (its run grows and `choose` takes the longer run then), which also spreads the series' later merges apart.
 * The budget grows with the points the apply writes (MERGE_POINTS_PER_WRITTEN each), above what a steady
 * load needs (each point is merged about once per size class), so deferred merges catch up.
 */
export class MergeBudget {
  private left = MERGE_BASE_POINTS;

  /** A block of `points` points is written. */
  earn(points: number): void {
    this.left += points * MERGE_POINTS_PER_WRITTEN;
  }

  /** The choice if the budget covers its run (then spent), else undefined (deferred). */
  spend(choice: MergeChoice | undefined): MergeChoice | undefined {
    if (choice === undefined) return undefined;
    let points = 0;
    for (const t of choice.run) points += t.count;
    if (points > this.left) return undefined;
    this.left -= points;
    return choice;
  }
}
