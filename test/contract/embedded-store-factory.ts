import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreFactory, StoreUnderTest } from './store-under-test.js';

/** What the embedded store's openers give (in-process or in its own thread): the three ports and close. */
type OpenedStore = Pick<StoreUnderTest, 'datapoints' | 'registry' | 'checkpoints' | 'close'>;

/**
 * A StoreFactory over an embedded store opener: each test gets its own temporary directory (removed after the
 * file's tests), and `reopen` closes the store and opens the same directory again.
 */
export function embeddedStoreFactory(prefix: string, openIn: (dir: string) => Promise<OpenedStore>): StoreFactory {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const open = async (dir: string): Promise<StoreUnderTest> => {
    const store = await openIn(dir);
    return {
      datapoints: store.datapoints,
      registry: store.registry,
      checkpoints: store.checkpoints,
      reopen: async () => {
        await store.close();
        return open(dir);
      },
      close: () => store.close(),
    };
  };
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return open(dir);
  };
}
