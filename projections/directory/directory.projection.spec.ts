import type { MetadataEvent } from '../../domain/events/metadata.events.js';
import type { RegistryWrite, SeriesRegistry } from '../../domain/ports/series-registry.js';
import { parseSelectors } from '../../domain/series/selector.js';
import { seriesIdOf, type Series, type SeriesId } from '../../domain/series/series.js';
import { openInMemoryStore } from '../../src/infrastructure/store/memory/in-memory-store.js';
import { MemoryDatabase } from '../../src/infrastructure/store/memory/memory-database.js';
import { SeededRandom } from '../seeded-random.js';
import { ProjectionTestDriver } from '../test-driver.js';
import { DirectoryIndex } from './directory-index.js';
import { DirectoryProjection } from './directory.projection.js';

const POOL = Array.from({ length: 8 }, (_, i) => ({
  id: seriesIdOf(BigInt(i + 1), BigInt(i + 100)),
  className: i % 3 === 0 ? 'humidity' : 'temp',
  labels: new Map([['room', `r${i}`]]),
}));
type Name = { readonly id: SeriesId; readonly className: string; readonly labels: ReadonlyMap<string, string> };
const attrs = (o: Record<string, string>) => new Map(Object.entries(o));
const registered = (s: Name, attributes: Record<string, string> = {}, lastActivity?: number): MetadataEvent => ({
  type: 'SeriesRegistered',
  series: { ...s, attributes: attrs(attributes), ...(lastActivity === undefined ? {} : { lastActivity }) },
});
const updated = (s: Name, mode: 'replace' | 'merge', attributes: Record<string, string>): MetadataEvent => ({ type: 'AttributesUpdated', series: s, attributes: attrs(attributes), mode });
const deleted = (s: Name): MetadataEvent => ({ type: 'SeriesDeleted', series: s });

/** Random metadata histories: registrations (some with activity), replaces, merges (some removing keys), deletions. */
function history(seed: number, perSeries = 25): MetadataEvent[] {
  const random = new SeededRandom(seed);
  const pick = () => ['a', 'b', 'c'][random.int(0, 2)];
  const value = () => (random.next() < 0.3 ? '' : `v${random.int(0, 9)}`);
  return POOL.flatMap((s) =>
    Array.from({ length: perSeries }, (_, i): MetadataEvent => {
      const r = random.next();
      if (r < 0.3) return registered(s, { [pick()]: 'reg' }, random.next() < 0.5 ? i * 10 : undefined);
      if (r < 0.5) return updated(s, 'replace', { [pick()]: `v${i}` });
      if (r < 0.85) return updated(s, 'merge', { [pick()]: value(), [pick()]: value() });
      return deleted(s);
    }),
  );
}

/** The expected directory, written independently of the projection from the rules of reference §4.2. */
function model(events: readonly MetadataEvent[]): string[] {
  const state = new Map<SeriesId, { name: Name; attributes: Map<string, string>; lastActivity?: number }>();
  for (const e of events) {
    const s = state.get(e.series.id);
    if (e.type === 'SeriesRegistered') {
      if (!s) state.set(e.series.id, { name: e.series, attributes: new Map(e.series.attributes), lastActivity: e.series.lastActivity });
      else if (e.series.lastActivity !== undefined && (s.lastActivity === undefined || e.series.lastActivity > s.lastActivity)) s.lastActivity = e.series.lastActivity;
    } else if (e.type === 'AttributesUpdated' && s) {
      if (e.mode === 'replace') s.attributes = new Map(e.attributes);
      else {
        for (const [k, v] of e.attributes) {
          if (v === '') s.attributes.delete(k);
          else s.attributes.set(k, v);
        }
      }
    } else if (e.type === 'SeriesDeleted') state.delete(e.series.id);
  }
  return [...state.values()].map((s) => describe1({ ...s.name, attributes: s.attributes, lastActivity: s.lastActivity })).sort();
}

function describe1(s: Series): string {
  return `${s.id} ${s.className}{${[...s.labels].join()}}{${[...s.attributes].sort().join()}}@${s.lastActivity ?? '-'}`;
}

const ANY = parseSelectors('~.*{}', { absentLabelSupport: true });

async function start(seed: number, db = new MemoryDatabase(), registry?: SeriesRegistry) {
  const store = openInMemoryStore(db);
  const projections: DirectoryProjection[] = [];
  const driver = await ProjectionTestDriver.start(() => {
    const p = new DirectoryProjection({ registry: registry ?? openInMemoryStore(db).registry, checkpoints: openInMemoryStore(db).checkpoints });
    projections.push(p);
    return p;
  }, { seed, maxBatch: 10 });
  const current = () => projections[projections.length - 1];
  const found = () => current().reader.find(ANY).map(describe1).sort();
  const persisted = async () => {
    const out: string[] = [];
    for await (const s of store.registry.all()) out.push(describe1(s));
    return out.sort();
  };
  return { driver, store, current, found, persisted };
}

describe('DirectoryProjection', () => {
  it.each([1, 2, 3, 4])('ends as each series\' own events say, in memory and in the registry (seed %i)', async (seed) => {
    const events = history(seed);
    const { driver, store, found, persisted } = await start(seed);
    await driver.pipe(...events);
    expect(model(events).length).toBeGreaterThan(2);
    expect(found()).toEqual(model(events));
    expect(await persisted()).toEqual(model(events));
    expect(await store.checkpoints.load('directory')).toEqual(driver.end);
  });

  it.each([5, 6])('is idempotent when records are delivered again (seed %i)', async (seed) => {
    const events = history(seed);
    const { driver, found, persisted } = await start(seed);
    driver.append(...events);
    await driver.deliver(70);
    const middle = driver.position;
    await driver.deliver();
    driver.rewind(middle);
    await driver.deliver();
    expect(found()).toEqual(model(events));
    driver.rewind(new Map());
    await driver.deliver();
    expect(found()).toEqual(model(events));
    expect(await persisted()).toEqual(model(events));
  });

  it('rebuilds the index from the registry on restart and resumes from the checkpoint', async () => {
    const events = history(7);
    const { driver, current, found } = await start(7);
    driver.append(...events);
    await driver.deliver(120);
    const before = found();
    const committed = driver.position;
    const first = current();
    expect(await driver.restart()).toEqual(committed);
    expect(current()).not.toBe(first);
    expect(found()).toEqual(before);
    await driver.deliver();
    expect(found()).toEqual(model(events));
  });

  it('keeps attributes on re-registration, merges, and starts afresh after delete then re-register', async () => {
    const [a, b] = POOL;
    const { driver, current } = await start(8);
    await driver.pipe(registered(a, { unit: 'C' }), registered(a, { unit: 'F' }), updated(a, 'merge', { unit: '', site: 'x' }), updated(b, 'replace', { ghost: '1' }));
    expect(current().reader.get(a.id)?.attributes).toEqual(attrs({ site: 'x' }));
    expect(current().reader.get(b.id)).toBeUndefined();
    await driver.pipe(deleted(a), registered(a));
    expect(current().reader.get(a.id)?.attributes).toEqual(attrs({}));
    expect(current().reader.size).toBe(1);
  });

  it('finds through its reader with the selector rules', async () => {
    const { driver, current } = await start(9);
    await driver.pipe(...POOL.map((s, i) => registered(s, { parity: i % 2 ? 'odd' : 'even' })));
    const found = current().reader.find(parseSelectors('temp{parity=odd} humidity{room=r0}', { absentLabelSupport: true }));
    expect(found.map((s) => `${s.className}:${s.labels.get('room')}`)).toEqual(['humidity:r0', 'temp:r1', 'temp:r5', 'temp:r7']);
  });

  it('leaves the index untouched when the registry write fails', async () => {
    const db = new MemoryDatabase();
    const inner = openInMemoryStore(db).registry;
    let failNext = false;
    const flaky: SeriesRegistry = {
      apply: async (writes: readonly RegistryWrite[], commit) => {
        if (failNext) throw Object.assign(new Error('disk full'), { retriable: true });
        return inner.apply(writes, commit);
      },
      get: (id) => inner.get(id),
      all: () => inner.all(),
      truncate: () => inner.truncate(),
    };
    const { driver, current, found } = await start(10, db, flaky);
    await driver.pipe(registered(POOL[0]), registered(POOL[1]));
    const before = found();
    failNext = true;
    await expect(driver.pipe(deleted(POOL[0]), registered(POOL[2]))).rejects.toThrow('disk full');
    expect(found()).toEqual(before);
    expect(current().reader.size).toBe(2);
  });

  it('forgets every series and its checkpoint on truncate, and can share a given index', async () => {
    const db = new MemoryDatabase();
    const store = openInMemoryStore(db);
    const index = new DirectoryIndex();
    const projection = new DirectoryProjection({ registry: store.registry, checkpoints: store.checkpoints, index });
    await projection.load();
    const driver = await ProjectionTestDriver.start(() => projection);
    await driver.pipe(...POOL.map((s) => registered(s)));
    expect(index.size).toBe(POOL.length);
    await projection.truncate();
    expect(index.size).toBe(0);
    expect(await store.checkpoints.load('directory')).toBeUndefined();
    expect(await store.registry.get(POOL[0].id)).toBeUndefined();
  });
});
