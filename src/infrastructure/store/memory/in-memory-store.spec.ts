import { binary, long } from '../../../../domain/datapoints/value.js';
import { ValidationError } from '../../../../domain/errors.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import type { DatapointWrite, FetchRange } from '../../../../domain/ports/datapoint-store.js';
import type { RegistryWrite } from '../../../../domain/ports/series-registry.js';
import { seriesIdOf, type Labels, type Series } from '../../../../domain/series/series.js';
import { openInMemoryStore } from './in-memory-store.js';

// Behaviour of the memory adapters beyond the shared contract (test/contract/memory-store.spec.ts).
const S = seriesIdOf(1n, 2n);
const ALL: FetchRange = { start: -(2n ** 63n), end: 2n ** 63n - 1n };
const good: DatapointWrite = { type: 'put', series: S, version: 1, points: [{ ts: 1n, value: long(1n) }] };
const commit: CheckpointCommit = { projection: 'store', checkpoint: new Map([[0, 5]]) };

describe('in-memory store', () => {
  it.each<[string, DatapointWrite[], CheckpointCommit | undefined]>([
    ['a fractional version', [good, { ...good, version: 1.5 }], commit],
    ['a negative version', [good, { ...good, version: -1 }], commit],
    ['an empty projection name', [good], { projection: '', checkpoint: new Map() }],
    ['a negative offset', [good], { projection: 'store', checkpoint: new Map([[0, -1]]) }],
    ['a fractional partition', [good], { projection: 'store', checkpoint: new Map([[0.5, 1]]) }],
  ])('rejects a datapoint apply with %s and changes nothing', async (_name, writes, c) => {
    const { datapoints, checkpoints } = openInMemoryStore();
    await expect(datapoints.apply(writes, c)).rejects.toThrow(ValidationError);
    expect(await datapoints.fetch(S, ALL)).toEqual([]);
    expect(await checkpoints.load('store')).toBeUndefined();
  });

  it('rejects a registry apply whose labels are not a Map and changes nothing', async () => {
    const { registry, checkpoints } = openInMemoryStore();
    const ok: Series = { id: S, className: 'c', labels: new Map(), attributes: new Map() };
    const bad = { ...ok, id: seriesIdOf(3n, 3n), labels: { a: 'b' } as unknown as Labels };
    const writes: RegistryWrite[] = [{ type: 'upsert', series: ok }, { type: 'upsert', series: bad }];
    await expect(registry.apply(writes, commit)).rejects.toThrow(ValidationError);
    expect(await registry.get(S)).toBeUndefined();
    expect(await checkpoints.load('store')).toBeUndefined();
  });

  it.each<[string, FetchRange]>([
    ['start after end', { start: 2n, end: 1n }],
    ['a negative count', { start: 0n, end: 1n, count: -1 }],
    ['a fractional pre', { start: 0n, end: 1n, pre: 0.5 }],
    ['an infinite post', { start: 0n, end: 1n, post: Infinity }],
  ])('rejects a fetch with %s', async (_name, range) => {
    const { datapoints } = openInMemoryStore();
    await expect(datapoints.fetch(S, range)).rejects.toThrow(ValidationError);
  });

  it('copies BINARY values in and out', async () => {
    const { datapoints } = openInMemoryStore();
    const bytes = Uint8Array.of(1, 2, 3);
    await datapoints.apply([{ type: 'put', series: S, version: 1, points: [{ ts: 1n, value: binary(bytes) }] }]);
    bytes[0] = 9;
    const [first] = await datapoints.fetch(S, ALL);
    (first.value as { value: Uint8Array }).value[1] = 9;
    expect(await datapoints.fetch(S, ALL)).toEqual([{ ts: 1n, value: binary(Uint8Array.of(1, 2, 3)) }]);
  });

  it('returns registry series that cannot change what is stored', async () => {
    const { registry } = openInMemoryStore();
    await registry.apply([{ type: 'upsert', series: { id: S, className: 'c', labels: new Map([['a', 'b']]), attributes: new Map() } }]);
    const got = await registry.get(S);
    (got?.labels as Map<string, string>).set('a', 'changed');
    expect((await registry.get(S))?.labels).toEqual(new Map([['a', 'b']]));
  });

  it('forgets a series whose points were all deleted', async () => {
    const { db, datapoints } = openInMemoryStore();
    await datapoints.apply([good, { type: 'delete', series: S, start: 0n, end: 10n }]);
    expect(db.points.has(S)).toBe(false);
  });

  it('keeps points sorted whatever the insertion order', async () => {
    const { datapoints } = openInMemoryStore();
    const order = [5n, 1n, 9n, 3n, 7n, 2n, 8n, 0n, 6n, 4n];
    for (const [i, ts] of order.entries()) {
      await datapoints.apply([{ type: 'put', series: S, version: i, points: [{ ts, value: long(ts) }] }]);
    }
    expect((await datapoints.fetch(S, ALL)).map((p) => p.ts)).toEqual([9n, 8n, 7n, 6n, 5n, 4n, 3n, 2n, 1n, 0n]);
  });
});
