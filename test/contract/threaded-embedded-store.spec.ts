import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Datapoint } from '../../domain/datapoints/datapoint.js';
import { seriesIdOf } from '../../domain/series/series.js';
import type { EmbeddedEngineName } from '../../src/infrastructure/store/embedded/embedded-store.js';
import { EmbeddedStoreError } from '../../src/infrastructure/store/embedded/embedded-database.js';
import { StoreThreadClient } from '../../src/infrastructure/store/embedded/thread/store-thread.client.js';
import type { StoreOp } from '../../src/infrastructure/store/embedded/thread/store-thread.protocol.js';
import { openThreadedEmbeddedStore } from '../../src/infrastructure/store/embedded/thread/threaded-embedded-store.js';
import { ensureBuilt, REPO_ROOT } from '../harness/build.js';
import { checkpointStoreContract } from './checkpoint-store.contract.js';
import { datapointStoreContract } from './datapoint-store.contract.js';
import { seriesRegistryContract } from './series-registry.contract.js';
import { embeddedStoreFactory } from './embedded-store-factory.js';

// The worker thread runs the compiled store (a thread cannot load TypeScript): the same code as the cell's.
const SCRIPT = join(REPO_ROOT, 'dist', 'src', 'infrastructure', 'store', 'embedded', 'thread', 'store-thread.worker.js');

beforeAll(() => ensureBuilt(), 180_000);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('embedded store in its own thread: fetchColumnsMany', () => {
  it('answers, in order, what fetchColumns answers for each series (unknown series included)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'continuum-threaded-many-'));
    dirs.push(dir);
    const store = await openThreadedEmbeddedStore(dir, { script: SCRIPT });
    try {
      const ids = [seriesIdOf(1n, 1n), seriesIdOf(1n, 2n), seriesIdOf(2n, 9n)];
      const point = (ts: bigint, v: string): Datapoint => ({ ts, value: { type: 'STRING', value: v } });
      await store.datapoints.apply([
        { type: 'put', series: ids[0], version: 1, points: [point(1n, 'a'), point(5n, 'b')] },
        { type: 'put', series: ids[2], version: 2, points: [{ ts: 3n, value: { type: 'DOUBLE', value: 0.5 } }] },
      ]);
      const range = { start: 0n, end: 4n, post: 1 };
      const many = await store.datapoints.fetchColumnsMany(ids, range);
      const one = await Promise.all(ids.map((id) => store.datapoints.fetchColumns(id, range)));
      expect(many.map((c) => c.toDatapoints())).toEqual(one.map((c) => c.toDatapoints()));
      expect(many.map((c) => c.length)).toEqual([2, 0, 1]);
    } finally {
      await store.close();
    }
  });
});

describe('embedded store thread: its protocol', () => {
  it('answers an unknown operation with an error and keeps serving; calls after close fail, naming the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'continuum-threaded-protocol-'));
    dirs.push(dir);
    const client = await StoreThreadClient.start(SCRIPT, { dir });
    await expect(client.call('datapoints.archive' as StoreOp)).rejects.toThrow(new TypeError("the embedded store thread has no operation 'datapoints.archive'"));
    await expect(client.call('checkpoints.load', ['store'])).resolves.toBeUndefined();
    await client.close();
    await expect(client.call('checkpoints.load', ['store'])).rejects.toThrow(EmbeddedStoreError);
    await expect(client.call('checkpoints.load', ['store'])).rejects.toThrow(dir);
  });

  it('warmed up first (runtime.warmup), opens the real store untouched by the scratch one, and serves it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'continuum-threaded-warm-'));
    dirs.push(dir);
    const store = await openThreadedEmbeddedStore(dir, { script: SCRIPT, warmUp: true });
    try {
      const id = seriesIdOf(7n, 7n);
      expect((await store.datapoints.fetchColumns(id, { start: 0n, end: 1n << 62n })).length).toBe(0);
      await store.datapoints.apply([{ type: 'put', series: id, version: 1, points: [{ ts: 2n, value: { type: 'LONG', value: 3n } }] }]);
      expect((await store.datapoints.fetchColumns(id, { start: 0n, end: 5n })).toDatapoints()).toEqual([{ ts: 2n, value: { type: 'LONG', value: 3n } }]);
      const listed: string[] = [];
      for await (const series of store.registry.all()) listed.push(series.id);
      expect(listed).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses to open a store another thread holds, with the store\'s own error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'continuum-threaded-locked-'));
    dirs.push(dir);
    const first = await openThreadedEmbeddedStore(dir, { script: SCRIPT });
    try {
      await expect(openThreadedEmbeddedStore(dir, { script: SCRIPT })).rejects.toThrow(EmbeddedStoreError);
    } finally {
      await first.close();
    }
  });
});

describe.each<EmbeddedEngineName>(['leveldb', 'lmdb'])('embedded store in its own thread, on %s', (engine) => {
  const factory = embeddedStoreFactory(`continuum-threaded-${engine}-`, (dir) => openThreadedEmbeddedStore(dir, { engine, script: SCRIPT }));
  datapointStoreContract(factory);
  seriesRegistryContract(factory);
  checkpointStoreContract(factory);
});
