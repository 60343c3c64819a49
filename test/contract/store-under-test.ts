import type { CheckpointStore } from '../../domain/ports/checkpoint-store.js';
import type { DatapointStore } from '../../domain/ports/datapoint-store.js';
import type { SeriesRegistry } from '../../domain/ports/series-registry.js';
import { seriesIdOf, type SeriesId } from '../../domain/series/series.js';

/**
 * What the read-model contract suites (datapoint-store, series-registry, checkpoint-store) test: the
 * three adapters of one store, sharing one database so that a checkpoint committed through
 * `datapoints.apply(…, commit)` or `registry.apply(…, commit)` is what `checkpoints.load` returns.
 *
 * - `close()` releases the store (files, locks). Called once after each test on the latest instance.
 * - `reopen`, for persistent adapters only: close this instance and open the same database again,
 *   returning the new instance (this one is not used nor closed afterwards). The suites use it to check
 *   that everything committed survives a restart; without it those checks run without the restart.
 */
export interface StoreUnderTest {
  readonly datapoints: DatapointStore;
  readonly registry: SeriesRegistry;
  readonly checkpoints: CheckpointStore;
  readonly reopen?: () => Promise<StoreUnderTest>;
  close(): Promise<void>;
}

/** Opens a new, EMPTY store (its own temporary directory for persistent adapters). Called before each test. */
export type StoreFactory = () => Promise<StoreUnderTest>;

/** The store of the running test, and a way to restart it. */
export interface StoreHandle {
  /** The current instance (changes after `restart`). */
  readonly store: StoreUnderTest;
  /** Reopens a persistent store and returns true; returns false (store unchanged) for a volatile one. */
  restart(): Promise<boolean>;
}

/** Registers beforeEach/afterEach hooks that open a fresh store per test and close it after. */
export function useStore(factory: StoreFactory): StoreHandle {
  let current: StoreUnderTest | undefined;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const s = current;
    current = undefined;
    await s?.close();
  });
  return {
    get store(): StoreUnderTest {
      if (current === undefined) throw new Error('the store is only open inside a test');
      return current;
    },
    async restart(): Promise<boolean> {
      if (current?.reopen === undefined) return false;
      const reopen = current.reopen;
      current = undefined;
      current = await reopen();
      return true;
    },
  };
}

/** Series ids that share prefixes or sit at the extremes of the key space, to catch key-layout bugs. */
export const TRICKY_IDS: readonly SeriesId[] = [
  seriesIdOf(0n, 0n),
  seriesIdOf(0n, 1n),
  seriesIdOf(1n, 0n),
  seriesIdOf(1n, 1n),
  seriesIdOf(-1n, -1n),
  seriesIdOf(-1n, 0n),
  seriesIdOf(0x7fffffffffffffffn, -(2n ** 63n)),
  seriesIdOf(0x0100000000000000n, 0x00000000000000ffn),
];
