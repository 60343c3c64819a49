import { open as openFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BEGINNING } from '../../domain/ports/checkpoint.js';
import { EmbeddedLog } from '../../src/infrastructure/log/embedded-log.js';
import { jsonTestCodec } from './json-test-codec.js';
import { dataRecord, metadataRecord, readToEnd, seqOf, signal } from './log-test-helpers.js';
import { removeTempLogs, tempRoot } from './embedded-log-factory.js';

afterAll(removeTempLogs);

let n = 0;
const partitions = { data: 3, metadata: 1 };

async function fileHandlePrototype(): Promise<{ datasync: () => Promise<void>; writev: (...args: unknown[]) => Promise<unknown>; truncate: (len?: number) => Promise<void> }> {
  const h = await openFile(join(tempRoot(), 'probe'), 'w');
  await h.close();
  return Object.getPrototypeOf(h);
}

const eio = () => Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });

describe('EmbeddedLog failures and group commit', () => {
  let warnings: string[];
  let dir: string;
  let log: EmbeddedLog;
  beforeEach(async () => {
    warnings = [];
    dir = join(tempRoot(), `failures-${n++}`);
    log = await EmbeddedLog.open({ dir, partitions, codec: jsonTestCodec, logger: { warn: (m) => warnings.push(m) } });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await log.close();
  });

  it('writes concurrent appends as a few groups, syncing each touched file once per group', async () => {
    const calls = Array.from({ length: 200 }, (_, c) => log.append([dataRecord(c % 13, c), dataRecord((c + 5) % 13, 1000 + c)]));
    await Promise.all(calls);
    const stats = log.stats();
    expect(stats.appends).toBe(200);
    expect(stats.groups).toBeLessThan(20);
    expect(stats.syncs).toBeLessThanOrEqual(stats.groups * 3);
    expect(await readToEnd(log.source('data'), BEGINNING)).toHaveLength(400);
  });

  it('rejects every call of a group whose fsync fails as retriable, shows none of it, and stays usable', async () => {
    await log.append([dataRecord(1, 1)]);
    const proto = await fileHandlePrototype();
    jest.spyOn(proto, 'datasync').mockRejectedValueOnce(eio());
    const failing = [log.append([dataRecord(2, 2), dataRecord(3, 3)]), log.append([dataRecord(4, 4)])];
    const results = await Promise.allSettled(failing);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    for (const r of results) expect((r as PromiseRejectedResult).reason).toMatchObject({ name: 'LogError', retriable: true });
    await log.append([dataRecord(5, 5), dataRecord(6, 6)]);
    expect((await readToEnd(log.source('data'), BEGINNING)).map(seqOf).sort()).toEqual([1, 5, 6]);
    await log.close();
    log = await EmbeddedLog.open({ dir, partitions, codec: jsonTestCodec, logger: { warn: (m) => warnings.push(m) } });
    expect((await readToEnd(log.source('data'), BEGINNING)).map(seqOf).sort()).toEqual([1, 5, 6]);
    expect(warnings).toEqual([]);
  });

  it('cuts a partially written group off the file and reuses its offsets', async () => {
    const first = await log.append([dataRecord(1, 1)]);
    const proto = await fileHandlePrototype();
    const writev = proto.writev;
    jest.spyOn(proto, 'writev').mockImplementationOnce(async function (this: unknown, buffers: unknown, position: unknown) {
      const half = (buffers as Buffer[])[0];
      await writev.call(this, [half.subarray(0, half.length >> 1)], position);
      throw eio();
    });
    await expect(log.append([dataRecord(1, 2)])).rejects.toMatchObject({ retriable: true });
    const p = [...first.data!.keys()][0];
    expect((await log.append([dataRecord(1, 3)])).data).toEqual(new Map([[p, 2]]));
    await log.close();
    log = await EmbeddedLog.open({ dir, partitions, codec: jsonTestCodec, logger: { warn: (m) => warnings.push(m) } });
    expect((await readToEnd(log.source('data'), BEGINNING)).map(seqOf)).toEqual([1, 3]);
    expect(warnings).toEqual([]);
  });

  it('never shows a reader records of a group that is not yet durable', async () => {
    const proto = await fileHandlePrototype();
    const datasync = proto.datasync;
    const inSync = signal();
    const release = signal();
    jest.spyOn(proto, 'datasync').mockImplementationOnce(async function (this: unknown) {
      inSync.done();
      await release.promise;
      return datasync.call(this);
    });
    const appending = log.append([dataRecord(1, 1)]);
    await inSync.promise;
    expect(await log.source('data').end()).toEqual(new Map([[0, 0], [1, 0], [2, 0]]));
    const reader = readToEnd(log.source('data'), new Map([[0, 0], [1, 0], [2, 0]]));
    expect(await reader).toEqual([]);
    release.done();
    const position = await appending;
    expect(await log.source('data').end()).toEqual(new Map([0, 1, 2].map((p) => [p, position.data!.get(p) ?? 0])));
  });

  it('refuses every append, not retriable, once a failed group could not be cut off', async () => {
    const proto = await fileHandlePrototype();
    jest.spyOn(proto, 'datasync').mockRejectedValueOnce(eio());
    jest.spyOn(proto, 'truncate').mockRejectedValueOnce(eio());
    await expect(log.append([metadataRecord(1)])).rejects.toMatchObject({ retriable: false });
    await expect(log.append([metadataRecord(2)])).rejects.toMatchObject({ retriable: false });
  });

  it('waits for queued appends on close', async () => {
    const pending = Array.from({ length: 20 }, (_, c) => log.append([dataRecord(c, c)]));
    await log.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(20);
    log = await EmbeddedLog.open({ dir, partitions, codec: jsonTestCodec });
    expect(await readToEnd(log.source('data'), BEGINNING)).toHaveLength(20);
  });
});
