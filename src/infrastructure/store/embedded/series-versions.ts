import type { SeriesId } from '../../../../domain/series/series.js';

/** How many series SeriesVersions remembers (the one remembered longest forgotten first, into its floor). */
export const VERSIONED_SERIES = 250_000;

/**
 * A series' bound as `slot` found it when an apply was planned, handed back to `raise` at its commit so that the
 * series is not looked up twice (a lookup in a map of 100,000 series costs ~0.5-1 µs here). Opaque to callers.
 */
export interface VersionSlot {
  /** @internal NaN once forgotten. */
  bound: number;
}

/** The slot of a series with no bound of its own (its bound is the floor). */
const NO_SLOT: VersionSlot = Object.freeze({ bound: Number.NaN });

/**
 * Per series, an upper bound of the versions of every point stored, so that an apply need not read the
 * key of a new block to find out whether it lands on a stored one: a block can only share its key
 * (series, newest ts, version of that point) with a stored block whose points include that version, so
 * a new block whose key version is above its series' bound cannot collide (the usual flow: a series'
 * versions are offsets of its one log partition, and only grow).
 *
 * The store-wide watermark (WriteContext.maxVersion) bounds every series too, but versions of different
 * partitions are not comparable: with 4 partitions, most new blocks sit below it. This keeps the bound
 * of the series this process wrote, and uses a floor for the others: the store-wide watermark when it
 * started (or when blocks were stored by a writer it did not see), raised by the bounds it forgets.
 * In memory only; after a restart the floor is the persisted watermark again.
 */
export class SeriesVersions {
  private readonly bounds = new Map<SeriesId, VersionSlot>();
  private floor = -1;
  /** The store-wide watermark after this process's last commit; undefined before the first apply. */
  private expected: number | undefined;

  /**
   * Call at the start of each apply with the store-wide watermark: when it is not the one this object
   * committed last (first apply, or another writer stored blocks), every bound starts over from it.
   */
  sync(storeMax: number): void {
    if (storeMax === this.expected) return;
    for (const slot of this.bounds.values()) slot.bound = Number.NaN;
    this.bounds.clear();
    this.floor = storeMax;
    this.expected = storeMax;
  }

  /** The slot of `series`, for `bound` and for the `raise` of the same apply (valid until then: call sync first). */
  slot(series: SeriesId): VersionSlot {
    return this.bounds.get(series) ?? NO_SLOT;
  }

  /** Every point of `series` stored has a version at most this. `slot`: what `slot(series)` gave, if called. */
  bound(series: SeriesId, slot: VersionSlot = this.slot(series)): number {
    return slot === NO_SLOT ? this.floor : slot.bound;
  }

  /**
   * Records a committed block of `series` holding versions up to `version`. Raised in place (no
   * reinsertion; no lookup when given the series' slot, still current); beyond VERSIONED_SERIES the series
   * remembered longest is forgotten, into the floor.
   */
  raise(series: SeriesId, version: number, slot?: VersionSlot): void {
    const current = slot === undefined || Number.isNaN(slot.bound) ? this.bounds.get(series) : slot;
    if (current !== undefined) {
      if (version > current.bound) current.bound = version;
      return;
    }
    this.bounds.set(series, { bound: Math.max(this.floor, version) });
    if (this.bounds.size > VERSIONED_SERIES) {
      const [oldest, forgotten] = this.bounds.entries().next().value as [SeriesId, VersionSlot];
      this.bounds.delete(oldest);
      if (forgotten.bound > this.floor) this.floor = forgotten.bound;
      forgotten.bound = Number.NaN;
    }
  }

  /** The store-wide watermark the last commit stored. */
  committed(storeMax: number): void {
    this.expected = storeMax;
  }
}
