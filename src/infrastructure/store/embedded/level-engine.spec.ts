import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, type KvEngine, type KvEntry } from './kv-engine.js';
import { openLevelEngine } from './level-engine.js';

const key = (i: number) => Uint8Array.of(0x44, i >> 8, i & 0xff);

describe('LevelDB engine scan (batched native reads)', () => {
  let dir: string;
  let engine: KvEngine;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-level-engine-'));
    engine = await openLevelEngine(dir);
  });
  afterEach(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['more entries than one read brings', 2_500, 1],
    ['more bytes than one read brings', 300, 1_000],
  ])('returns every entry of the range once, in key order: %s', async (_, n, valueBytes) => {
    await engine.write(Array.from({ length: n }, (_, i) => ({ key: key(i), value: new Uint8Array(valueBytes).fill(i & 0xff) })));
    const entries = (await collect(engine.scan(key(1), key(n - 1)))) as KvEntry[];
    expect(entries).toHaveLength(n - 2);
    entries.forEach(([k, v], i) => {
      expect([...k]).toEqual([...key(i + 1)]);
      expect(v).toHaveLength(valueBytes);
      expect(v[0]).toBe((i + 1) & 0xff);
    });
  });

  it('releases its cursor when the loop stops early (the engine still writes and closes)', async () => {
    await engine.write(Array.from({ length: 10 }, (_, i) => ({ key: key(i), value: Uint8Array.of(i) })));
    const seen: number[] = [];
    for await (const [, v] of engine.scan(key(0), key(10)) as AsyncIterable<KvEntry>) {
      seen.push(v[0]);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([0, 1, 2]);
    await engine.write([{ key: key(0), value: undefined }]);
    expect(await collect(engine.keys(key(0), key(10)))).toHaveLength(9);
  });

  it('returns nothing for an empty range', async () => {
    expect(await collect(engine.scan(key(0), key(5)))).toEqual([]);
  });
});
