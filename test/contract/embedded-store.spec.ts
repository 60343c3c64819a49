import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore, type EmbeddedEngineName } from '../../src/infrastructure/store/embedded/embedded-store.js';
import { checkpointStoreContract } from './checkpoint-store.contract.js';
import { datapointStoreContract } from './datapoint-store.contract.js';
import { seriesRegistryContract } from './series-registry.contract.js';
import type { StoreFactory, StoreUnderTest } from './store-under-test.js';

// Each test gets its own temporary directory, removed once the test has closed its store.
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function open(dir: string, engine: EmbeddedEngineName): Promise<StoreUnderTest> {
  const store = await openEmbeddedStore(dir, { engine });
  return {
    datapoints: store.datapoints,
    registry: store.registry,
    checkpoints: store.checkpoints,
    reopen: async () => {
      await store.close();
      return open(dir, engine);
    },
    close: () => store.close(),
  };
}

const factory =
  (engine: EmbeddedEngineName): StoreFactory =>
  async () => {
    const dir = mkdtempSync(join(tmpdir(), `continuum-embedded-${engine}-`));
    dirs.push(dir);
    return open(dir, engine);
  };

describe.each<EmbeddedEngineName>(['lmdb', 'leveldb'])('embedded store on %s', (engine) => {
  datapointStoreContract(factory(engine));
  seriesRegistryContract(factory(engine));
  checkpointStoreContract(factory(engine));
});
