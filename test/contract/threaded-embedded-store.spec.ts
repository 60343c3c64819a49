import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedEngineName } from '../../src/infrastructure/store/embedded/embedded-store.js';
import { openThreadedEmbeddedStore } from '../../src/infrastructure/store/embedded/thread/threaded-embedded-store.js';
import { ensureBuilt, REPO_ROOT } from '../harness/build.js';
import { checkpointStoreContract } from './checkpoint-store.contract.js';
import { datapointStoreContract } from './datapoint-store.contract.js';
import { seriesRegistryContract } from './series-registry.contract.js';
import type { StoreFactory, StoreUnderTest } from './store-under-test.js';

// The worker thread runs the compiled store (a thread cannot load TypeScript): the same code as the cell's.
const SCRIPT = join(REPO_ROOT, 'dist', 'src', 'infrastructure', 'store', 'embedded', 'thread', 'store-thread.worker.js');

beforeAll(() => ensureBuilt(), 180_000);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function open(dir: string, engine: EmbeddedEngineName): Promise<StoreUnderTest> {
  const store = await openThreadedEmbeddedStore(dir, { engine, script: SCRIPT });
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
    const dir = mkdtempSync(join(tmpdir(), `continuum-threaded-${engine}-`));
    dirs.push(dir);
    return open(dir, engine);
  };

describe.each<EmbeddedEngineName>(['leveldb', 'lmdb'])('embedded store in its own thread, on %s', (engine) => {
  datapointStoreContract(factory(engine));
  seriesRegistryContract(factory(engine));
  checkpointStoreContract(factory(engine));
});
