import type { MetadataEvent } from '../../domain/events/metadata.events.js';
import { ownsSeries } from '../../domain/ports/directory-shards.js';
import { parseSelectors } from '../../domain/series/selector.js';
import { seriesIdOf, type Series } from '../../domain/series/series.js';
import { openInMemoryStore } from '../../src/infrastructure/store/memory/in-memory-store.js';
import { MemoryDatabase } from '../../src/infrastructure/store/memory/memory-database.js';
import { ProjectionTestDriver } from '../test-driver.js';
import { DirectoryProjection } from './directory.projection.js';
import { shardRegistry, ShardFilteredProjection } from './shard-filter.js';

// 12 series whose labelsId MSB is 0..11: under modulus 3, remainder r keeps series r, r+3, r+6, r+9.
const POOL = Array.from({ length: 12 }, (_, i) => ({
  id: seriesIdOf(BigInt(i + 1), BigInt(i) << 56n),
  className: 'temp',
  labels: new Map([['n', String(i)]]),
}));
const ANY = parseSelectors('~.*{}', { absentLabelSupport: true });
const registered = (i: number): MetadataEvent => ({ type: 'SeriesRegistered', series: { ...POOL[i], attributes: new Map() } });
const deleted = (i: number): MetadataEvent => ({ type: 'SeriesDeleted', series: POOL[i] });
const names = (series: readonly Series[]) => series.map((s) => s.labels.get('n')).sort((a, b) => Number(a) - Number(b));

async function shard(remainder: number, db: MemoryDatabase) {
  const owns = (id: Series['id']) => ownsSeries({ modulus: 3, remainder }, id);
  const store = openInMemoryStore(db);
  const projections: DirectoryProjection[] = [];
  const driver = await ProjectionTestDriver.start(() => {
    const inner = new DirectoryProjection({ registry: shardRegistry(store.registry, owns), checkpoints: store.checkpoints });
    projections.push(inner);
    return new ShardFilteredProjection(inner, owns);
  }, { seed: remainder + 1, maxBatch: 5 });
  return { driver, store, index: () => projections[projections.length - 1].index };
}

describe('directory shards (directory.partition MODULUS:REMAINDER, reference §6.1)', () => {
  it('keeps only its own series, and its checkpoint still moves past the others', async () => {
    const { driver, store, index } = await shard(1, new MemoryDatabase());
    await driver.pipe(...POOL.map((_, i) => registered(i)), deleted(4), deleted(5));
    expect(names(index().find(ANY))).toEqual(['1', '7', '10']);
    expect(await store.checkpoints.load('directory')).toEqual(driver.end);
  });

  it('commits a batch of foreign series alone, with no registry write', async () => {
    const { driver, store } = await shard(0, new MemoryDatabase());
    await driver.pipe(registered(1), registered(2), registered(4));
    const all: Series[] = [];
    for await (const s of store.registry.all()) all.push(s);
    expect(all).toEqual([]);
    expect(await store.checkpoints.load('directory')).toEqual(driver.end);
  });

  it('rebuilds from a registry other shards also wrote, keeping its own series only', async () => {
    const db = new MemoryDatabase();
    const all = openInMemoryStore(db);
    await all.registry.apply(POOL.map((s) => ({ type: 'upsert', series: { ...s, attributes: new Map() } })));
    const { driver, index } = await shard(2, db);
    expect(names(index().find(ANY))).toEqual(['2', '5', '8', '11']);
    await driver.restart();
    expect(names(index().find(ANY))).toEqual(['2', '5', '8', '11']);
    const registry = shardRegistry(all.registry, (id) => ownsSeries({ modulus: 3, remainder: 2 }, id));
    expect(await registry.get(POOL[2].id)).toBeDefined();
    expect(await registry.get(POOL[3].id)).toBeUndefined();
  });
});
