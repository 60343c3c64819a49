import { openInMemoryStore } from '../src/infrastructure/store/memory/in-memory-store.js';
import { DirectoryProjection } from './directory/directory.projection.js';
import { StoreProjection } from './store/store.projection.js';

// A replay truncates, then runs from BEGINNING. If the truncation is cut short, the next start must not resume
// from the old checkpoint over a partly emptied read model: the checkpoint goes first.
describe('truncate order', () => {
  it.each([
    ['store', (s: ReturnType<typeof openInMemoryStore>) => new StoreProjection({ store: Object.assign(s.datapoints, { truncate: () => Promise.reject(new Error('killed')) }), checkpoints: s.checkpoints })],
    ['directory', (s: ReturnType<typeof openInMemoryStore>) => new DirectoryProjection({ registry: Object.assign(s.registry, { truncate: () => Promise.reject(new Error('killed')) }), checkpoints: s.checkpoints })],
  ] as const)('%s: a truncation cut short leaves no checkpoint behind', async (name, make) => {
    const store = openInMemoryStore();
    await store.checkpoints.store({ projection: name, checkpoint: new Map([[0, 42]]) });
    await expect(make(store).truncate()).rejects.toThrow('killed');
    expect(await store.checkpoints.load(name)).toBeUndefined();
  });
});
