import { MemoryDatabase } from '../../src/infrastructure/store/memory/memory-database.js';
import { openInMemoryStore } from '../../src/infrastructure/store/memory/in-memory-store.js';
import { checkpointStoreContract } from './checkpoint-store.contract.js';
import { datapointStoreContract } from './datapoint-store.contract.js';
import { seriesRegistryContract } from './series-registry.contract.js';
import type { StoreUnderTest } from './store-under-test.js';

// "Reopening" the memory store means new adapters over the same MemoryDatabase: it checks that the
// adapters keep no state of their own outside the database.
function open(db: MemoryDatabase): StoreUnderTest {
  const store = openInMemoryStore(db);
  return { ...store, reopen: async () => open(db) };
}

const factory = async (): Promise<StoreUnderTest> => open(new MemoryDatabase());

describe('in-memory store', () => {
  datapointStoreContract(factory);
  seriesRegistryContract(factory);
  checkpointStoreContract(factory);
});
