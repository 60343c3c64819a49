import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_TS, MIN_TS } from '../../../../domain/datapoints/datapoint.js';
import { seriesIdOf } from '../../../../domain/series/series.js';
import { EmbeddedStoreError } from './embedded-database.js';
import { DEFAULT_ENGINE, openEmbeddedStore, type EmbeddedStore } from './embedded-store.js';
import { LOCK_FILE } from './store-lock.js';

describe('openEmbeddedStore', () => {
  let dir: string;
  const opened: EmbeddedStore[] = [];
  const open = async (...args: Parameters<typeof openEmbeddedStore>) => {
    const store = await openEmbeddedStore(...args);
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-embedded-open-'));
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses the engine ENGINE.md chose', async () => {
    expect(DEFAULT_ENGINE).toBe('leveldb');
    expect((await open(dir)).engine).toBe('leveldb');
  });

  it('refuses a second open of the directory, naming it, until the first is closed', async () => {
    const first = await open(dir);
    const err = await openEmbeddedStore(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedStoreError);
    expect((err as Error).message).toContain(dir);
    expect((err as Error).message).toContain('in use by this process');
    expect(err).toMatchObject({ retriable: false });
    await first.close();
    await open(dir);
  });

  it('names the holding process when another live process holds the directory', async () => {
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    await expect(openEmbeddedStore(dir)).rejects.toThrow(`in use by process ${process.ppid}`);
  });

  it('takes over a lock left by a dead process', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_FILE), `${dead.stdout}\n`);
    await expect(open(dir)).resolves.toBeDefined();
  });

  it('releases the directory on close, and close is idempotent', async () => {
    const store = await openEmbeddedStore(dir);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    await Promise.all([store.close(), store.close()]);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    await expect(store.datapoints.fetch(seriesIdOf(1n, 1n), { start: 0n, end: 1n })).rejects.toThrow('closed');
  });

  it('refuses to open a directory with the other engine', async () => {
    await (await openEmbeddedStore(dir, { engine: 'lmdb' })).close();
    await expect(openEmbeddedStore(dir, { engine: 'leveldb' })).rejects.toThrow('it was created with lmdb');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('keeps every committed apply and its checkpoint when the writing process is killed', async () => {
    const child = spawnSync(process.execPath, [join(__dirname, 'embedded-store.crash-child.cjs'), dir, '20'], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout.trim().split('\n').pop()).toBe('committed 20');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const store = await open(dir);
    expect(await store.checkpoints.load('store')).toEqual(new Map([[0, 20]]));
    const points = await store.datapoints.fetch(seriesIdOf(1n, 2n), { start: MIN_TS, end: MAX_TS });
    expect(points).toHaveLength(2000);
    expect(points[0]).toEqual({ ts: 1999n, value: { type: 'LONG', value: 19n } });
  });
});
