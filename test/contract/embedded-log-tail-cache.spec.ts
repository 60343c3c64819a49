import { open as openFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BEGINNING, type Checkpoint } from '../../domain/ports/checkpoint.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
import type { TopicName } from '../../domain/ports/topics.js';
import { plainEvent } from '../../domain/events/plain-event.fixture.js';
import { EmbeddedLog, type EmbeddedLogOptions } from '../../src/infrastructure/log/embedded-log.js';
import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { jsonTestCodec } from './json-test-codec.js';
import { dataRecord, metadataRecord, readToEnd, seqOf, seriesOnePerPartition } from './log-test-helpers.js';
import { removeTempLogs, tempRoot } from './embedded-log-factory.js';

afterAll(removeTempLogs);

const partitions = { data: 2, metadata: 1 };
const [inP0, inP1] = seriesOnePerPartition(partitions.data);
const codecs = [
  ['Avro codec (echoed STORE records)', new AvroRecordCodec()],
  ['JSON codec (no echoes: cached records decoded)', jsonTestCodec],
] as const;
let n = 0;

function openLog(codec: EmbeddedLogOptions['codec'], extra: Partial<EmbeddedLogOptions> = {}): Promise<EmbeddedLog> {
  return EmbeddedLog.open({ dir: join(tempRoot(), `tail-${n++}`), partitions, codec, logger: { warn: () => undefined }, ...extra });
}

/** The first segment file of a partition (the log's private parts, for tests that damage files). */
function segmentPath(log: EmbeddedLog, topic: TopicName, partition: number): string {
  return (log as unknown as { parts: Record<TopicName, { segments: { path: string }[] }[]> }).parts[topic][partition].segments[0].path;
}

/** Overwrites `length` bytes of a file at `position` with zeros; returns what was there. */
async function zero(path: string, position = 0, length?: number): Promise<Buffer> {
  const all = await readFile(path);
  const was = all.subarray(position, length === undefined ? all.length : position + length);
  const h = await openFile(path, 'r+');
  await h.write(Buffer.alloc(was.length), 0, was.length, position);
  await h.close();
  return Buffer.from(was);
}

/** What a consumer can see of a record, the event's class and its chunk's buffer included. */
function seen(r: LogRecord): unknown {
  const chunk = (r.event as { chunk?: Uint8Array }).chunk;
  return {
    at: [r.topic, r.partition, r.offset, r.appendedAt],
    key: [r.key.constructor.name, Buffer.from(r.key).toString('hex'), r.key.byteLength === r.key.buffer.byteLength],
    event: [Object.getPrototypeOf(r.event), plainEvent(r.event), { ...r.event }],
    chunk: chunk && [Buffer.isBuffer(chunk), Buffer.from(chunk).toString('hex'), chunk.byteOffset, chunk.buffer.byteLength],
  };
}

async function readAll(log: EmbeddedLog, from: Checkpoint = BEGINNING, maxBatch?: number): Promise<LogRecord[]> {
  return [...(await readToEnd(log.source('data'), from, maxBatch)), ...(await readToEnd(log.source('metadata'), from, maxBatch))];
}

/** The cache cost of one frame of one data record (so that a test can size a cache to hold a few). */
async function frameCost(codec: EmbeddedLogOptions['codec']): Promise<number> {
  const probe = await openLog(codec);
  await probe.append([dataRecord(inP0, 0)]);
  const cost = probe.stats().tailCacheBytes;
  await probe.close();
  return cost;
}

describe.each(codecs)('EmbeddedLog tail cache, %s', (_name, codec) => {
  it('gives readers at the tail what they would read from the files, without reading the files', async () => {
    const dir = join(tempRoot(), `tail-${n++}`);
    const log = await openLog(codec, { dir });
    await log.append([dataRecord(inP0, 1), dataRecord(inP1, 2), metadataRecord(inP0)]);
    await log.append([dataRecord(inP1, 3), dataRecord(inP1, 4), metadataRecord(inP1)]);
    const paths = [segmentPath(log, 'data', 0), segmentPath(log, 'data', 1), segmentPath(log, 'metadata', 0)];
    const files = await Promise.all(paths.map((p) => zero(p)));
    const fromMemory = await readAll(log);
    await Promise.all(paths.map((p, i) => writeFile(p, files[i])));
    await log.close();
    const reopened = await openLog(codec, { dir, tailCacheBytes: 0 });
    const fromFiles = await readAll(reopened);
    await reopened.close();
    expect(fromMemory.map((r) => r.offset)).toEqual([0, 0, 1, 2, 0, 1]);
    expect(fromMemory.map(seen)).toEqual(fromFiles.map(seen));
  });

  it('gives each read events of its own, as decoding does (a consumer building points does not build them for another)', async () => {
    const log = await openLog(codec);
    await log.append([dataRecord(inP0, 1)]);
    const [a, b] = [await readToEnd(log.source('data'), BEGINNING), await readToEnd(log.source('data'), BEGINNING)];
    expect(a[0].event).not.toBe(b[0].event);
    expect(a[0].key).not.toBe(b[0].key);
    expect(seen(a[0])).toEqual(seen(b[0]));
    await log.close();
  });

  it('reads the frames older than the cache from the files, then the cached ones', async () => {
    const log = await openLog(codec, { tailCacheBytes: 2 * (await frameCost(codec)) });
    for (let seq = 0; seq < 6; seq++) await log.append([dataRecord(inP0, seq)]);
    const first = await zero(segmentPath(log, 'data', 0), 0, 10);
    await expect(readAll(log)).rejects.toMatchObject({ name: 'LogError', message: expect.stringContaining('cannot read data/0') });
    expect((await readToEnd(log.source('data'), new Map([[0, 5]]))).map(seqOf)).toEqual([5]);
    const h = await openFile(segmentPath(log, 'data', 0), 'r+');
    await h.write(first, 0, first.length, 0);
    await h.close();
    expect((await readToEnd(log.source('data'), BEGINNING)).map(seqOf)).toEqual([0, 1, 2, 3, 4, 5]);
    await log.close();
  });

  it('lets a reader that falls behind the cache go on from the files, without a gap or a repeat', async () => {
    const log = await openLog(codec, { tailCacheBytes: 2 * (await frameCost(codec)) });
    for (let seq = 0; seq < 3; seq++) await log.append([dataRecord(inP0, seq)]);
    const controller = new AbortController();
    const reader = log.source('data').read({ from: BEGINNING, signal: controller.signal, maxBatch: 1 })[Symbol.asyncIterator]();
    const seqs: number[] = [];
    const offsets: number[] = [];
    const take = async (k: number) => {
      for (let i = 0; i < k; i++) {
        const { value } = await reader.next();
        for (const r of value as LogRecord<'data'>[]) {
          seqs.push(seqOf(r));
          offsets.push(r.offset);
        }
      }
    };
    await take(2); // offset 0 from the file, 1 from the cache
    for (let seq = 3; seq < 8; seq++) await log.append([dataRecord(inP0, seq)]);
    await take(6); // 2..5 from the file (evicted meanwhile), 6 and 7 from the cache
    controller.abort();
    await reader.return?.();
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(offsets).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await log.close();
  });

  it('never gives a reader waiting at the tail the records of a group whose sync failed', async () => {
    const log = await openLog(codec);
    await log.append([dataRecord(inP0, 1)]);
    const controller = new AbortController();
    const reader = log.source('data').read({ from: new Map([[0, 1], [1, 0]]), signal: controller.signal })[Symbol.asyncIterator]();
    const next = reader.next();
    const held = log.stats().tailCacheBytes;
    const probe = await openFile(join(tempRoot(), 'probe'), 'w');
    await probe.close();
    const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    jest.spyOn(proto, 'datasync').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    try {
      await expect(log.append([dataRecord(inP0, 66), dataRecord(inP1, 67)])).rejects.toMatchObject({ retriable: true });
    } finally {
      jest.restoreAllMocks();
    }
    expect(log.stats().tailCacheBytes).toBe(held);
    await log.append([dataRecord(inP0, 2)]);
    const { value } = await next;
    expect((value as LogRecord<'data'>[]).map((r) => [r.partition, r.offset, seqOf(r)])).toEqual([[0, 1, 2]]);
    controller.abort();
    await reader.return?.();
    expect((await readToEnd(log.source('data'), BEGINNING)).map(seqOf)).toEqual([1, 2]);
    await log.close();
  });

  it('holds at most its budget per partition, and nothing once closed', async () => {
    const budget = 3 * (await frameCost(codec));
    const log = await openLog(codec, { tailCacheBytes: budget });
    for (let seq = 0; seq < 20; seq++) await log.append([dataRecord(seq % 2 ? inP0 : inP1, seq), metadataRecord(seq)]);
    const held = log.stats().tailCacheBytes;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(budget * 3);
    await log.close();
    expect(log.stats().tailCacheBytes).toBe(0);
  });
});

describe('EmbeddedLog tail cache settings', () => {
  it('keeps nothing with tailCacheBytes 0, asks the codec for no echoes, and reads from the files', async () => {
    const codec = new AvroRecordCodec();
    const echoed = jest.spyOn(codec, 'encodeIntoEchoed');
    const log = await openLog(codec, { tailCacheBytes: 0 });
    await log.append([dataRecord(inP0, 1), metadataRecord(1)]);
    expect(log.stats().tailCacheBytes).toBe(0);
    expect(echoed).not.toHaveBeenCalled();
    expect((await readToEnd(log.source('data'), BEGINNING)).map(seqOf)).toEqual([1]);
    await log.close();
  });

  it.each([-1, 1.5, Number.NaN])('refuses tailCacheBytes %p', async (tailCacheBytes) => {
    await expect(openLog(jsonTestCodec, { tailCacheBytes })).rejects.toThrow(RangeError);
  });
});
