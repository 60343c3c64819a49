import { InMemoryCheckpointStore } from './in-memory-checkpoint-store.js';
import { InMemoryDatapointStore } from './in-memory-datapoint-store.js';
import { InMemorySeriesRegistry } from './in-memory-series-registry.js';
import { MemoryDatabase } from './memory-database.js';

/** The three in-memory read-model adapters over one MemoryDatabase. */
export interface InMemoryStore {
  readonly db: MemoryDatabase;
  readonly datapoints: InMemoryDatapointStore;
  readonly registry: InMemorySeriesRegistry;
  readonly checkpoints: InMemoryCheckpointStore;
  /** Nothing to release; present so the memory store is used like the persistent ones. */
  close(): Promise<void>;
}

/**
 * Opens the in-memory store: datapoints, registry and checkpoints sharing one database, so a checkpoint
 * committed with `datapoints.apply(…, commit)` or `registry.apply(…, commit)` is what
 * `checkpoints.load` returns. Pass an existing `db` to reopen it (tests of restart behaviour).
 */
export function openInMemoryStore(db: MemoryDatabase = new MemoryDatabase()): InMemoryStore {
  return {
    db,
    datapoints: new InMemoryDatapointStore(db),
    registry: new InMemorySeriesRegistry(db),
    checkpoints: new InMemoryCheckpointStore(db),
    close: async () => {},
  };
}
