import { BEGINNING } from '../../domain/ports/checkpoint.js';
import type { LogPosition } from '../../domain/ports/command-log.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
import { partitionOf } from '../../domain/series/partition.js';
import type { RecordCodec } from '../../src/infrastructure/serialization/record-codec.js';
import type { PartitionCounts } from '../../src/infrastructure/log/log-directory.js';
import { faultyCodec, jsonTestCodec } from './json-test-codec.js';
import { byPartition, dataRecord, metadataRecord, readToEnd, readUntil, seqOf, series, signal, type TestableLog } from './log-test-helpers.js';
import { plainEvent } from '../../domain/events/plain-event.fixture.js';

/** How the contract gets an adapter: a fresh log, and for adapters that persist, the same log reopened. */
export interface LogFactory {
  open(options: { partitions: PartitionCounts; codec: RecordCodec }): Promise<TestableLog>;
  /** Closes `log` and opens its storage again with the same options. */
  reopen?(log: TestableLog): Promise<TestableLog>;
  /** False for an adapter that keeps events as given and never calls the codec: codec failure cases are skipped. */
  readonly encodes?: boolean;
  /**
   * Set for an adapter whose topics have this many partitions whatever `open` asks (the librdkafka mock
   * cluster auto-creates every topic with 4): the contract then expects that count for every topic.
   */
  readonly fixedPartitions?: number;
}

/**
 * The behaviour every log adapter (memory, embedded, Kafka) must show: what CommandLog and LogSource
 * promise in domain/ports. `codec` is the record codec to run it with.
 */
export function testLogContract(factory: LogFactory, codec: RecordCodec = jsonTestCodec): void {
  const opened: TestableLog[] = [];
  /** The partition counts a log opened with `asked` really has. */
  const countsOf = (asked: PartitionCounts): PartitionCounts => (factory.fixedPartitions ? { data: factory.fixedPartitions, metadata: factory.fixedPartitions } : asked);
  const P = countsOf({ data: 4, metadata: 2 });
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const open = async (partitions: PartitionCounts = { data: 4, metadata: 2 }, withCodec = codec) => {
    const log = await factory.open({ partitions, codec: withCodec });
    opened.push(log);
    return log;
  };
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((l) => l.close()));
  });

  it('returns, per topic and partition, the offset after the last record of the call', async () => {
    const log = await open();
    const expected = new Map<number, number>();
    for (const n of [1, 2, 3, 1, 1, 7]) {
      const p = partitionOf(series(n).key, P.data);
      expected.set(p, (expected.get(p) ?? 0) + 1);
    }
    const position = await log.append([1, 2, 3, 1, 1, 7].map((n, i) => dataRecord(n, i)));
    expect(position.data).toEqual(expected);
    expect(position.metadata).toBeUndefined();
    const second = await log.append([dataRecord(1, 100), metadataRecord(1)]);
    const p1 = partitionOf(series(1).key, P.data);
    expect(second.data).toEqual(new Map([[p1, expected.get(p1)! + 1]]));
    expect(second.metadata).toEqual(new Map([[partitionOf(series(1).key, P.metadata), 1]]));
  });

  it('reads every record back in offset order per partition, with key, event, partition and time', async () => {
    const log = await open();
    const before = Date.now();
    await log.append(Array.from({ length: 30 }, (_, i) => dataRecord(i % 9, i)));
    await log.append(Array.from({ length: 30 }, (_, i) => dataRecord(i % 5, 30 + i)));
    const after = Date.now();
    const records = await readToEnd(log.source('data'), BEGINNING);
    expect(records).toHaveLength(60);
    for (const [partition, list] of byPartition(records)) {
      expect(list.map((r) => r.offset)).toEqual(list.map((_, i) => i));
      for (const r of list) {
        expect(r.topic).toBe('data');
        expect(partitionOf(r.key, P.data)).toBe(partition);
        expect(r.appendedAt).toBeGreaterThanOrEqual(before);
        expect(r.appendedAt).toBeLessThanOrEqual(after);
      }
    }
    const seqs = records.map(seqOf).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i));
    const first = records.find((r) => seqOf(r) === 13)!;
    expect(first.key).toEqual(series(4).key);
    expect(plainEvent(first.event)).toEqual(dataRecord(4, 13).event);
  });

  it('keeps the records of one key in one partition, in the order appended', async () => {
    const log = await open();
    for (let call = 0; call < 10; call++) await log.append(Array.from({ length: 12 }, (_, i) => dataRecord(i % 4, call * 12 + i)));
    const records = await readToEnd(log.source('data'), BEGINNING);
    for (let n = 0; n < 4; n++) {
      const mine = records.filter((r) => Buffer.from(r.key).equals(series(n).key));
      expect(new Set(mine.map((r) => r.partition))).toEqual(new Set([partitionOf(series(n).key, P.data)]));
      const seqs = mine.map(seqOf);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs).toHaveLength(30);
    }
  });

  it('keeps topics apart', async () => {
    const log = await open();
    await log.append([dataRecord(1, 1), metadataRecord(1), metadataRecord(2), dataRecord(2, 2)]);
    const meta = await readToEnd(log.source('metadata'), BEGINNING);
    expect(meta.map((r) => r.event.type)).toEqual(['SeriesRegistered', 'SeriesRegistered']);
    expect(meta.every((r) => r.topic === 'metadata' && r.partition === partitionOf(r.key, P.metadata))).toBe(true);
    expect(await readToEnd(log.source('data'), BEGINNING)).toHaveLength(2);
  });

  it('reads from a checkpoint: from the given next offsets, absent partitions from their beginning', async () => {
    const log = await open({ data: 2, metadata: 1 });
    await log.append(Array.from({ length: 40 }, (_, i) => dataRecord(i % 6, i)));
    const all = byPartition(await readToEnd(log.source('data'), BEGINNING));
    // With 2 partitions: a = 0 and b = 1; with more, any partition with more than 5 records and another with 2 or more.
    const a = range(countsOf({ data: 2, metadata: 1 }).data).find((p) => (all.get(p)?.length ?? 0) > 5)!;
    const b = [...all.keys()].sort().find((p) => p !== a && all.get(p)!.length > 1)!;
    expect(a !== undefined && b !== undefined).toBe(true);
    const from = new Map([[a, 5]]);
    const records = byPartition(await readToEnd(log.source('data'), from));
    for (const [p, list] of all) expect(records.get(p)!.map(seqOf)).toEqual(list.slice(p === a ? 5 : 0).map(seqOf));
    const atEnd = await readToEnd(log.source('data'), new Map([...all].map(([p, list]) => [p, p === b ? list.length - 1 : list.length])));
    expect(atEnd.map((r) => [r.partition, r.offset])).toEqual([[b, all.get(b)!.length - 1]]);
  });

  it('returns non-empty batches no larger than maxBatch', async () => {
    const log = await open({ data: 1, metadata: 1 });
    await log.append(Array.from({ length: 25 }, (_, i) => dataRecord(i, i)));
    await log.append(Array.from({ length: 25 }, (_, i) => dataRecord(i, 25 + i)));
    const { records, batches } = await readUntil(log.source('data'), { from: BEGINNING, maxBatch: 7 }, (r) => r.length === 50);
    // One partition: exactly 0..49 in order; more: each partition in order, all 50 once.
    for (const list of byPartition(records).values()) expect(list.map(seqOf)).toEqual(list.map(seqOf).sort((x, y) => x - y));
    expect(records.map(seqOf).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(batches.every((n) => n > 0 && n <= 7)).toBe(true);
  });

  it('reports the high-water mark of every partition with end()', async () => {
    const log = await open();
    expect(await log.source('data').end()).toEqual(new Map(range(P.data).map((p) => [p, 0])));
    const a = await log.append(Array.from({ length: 9 }, (_, i) => dataRecord(i, i)));
    const b = await log.append([dataRecord(3, 9), metadataRecord(3)]);
    const expected = new Map(range(P.data).map((p) => [p, Math.max(a.data?.get(p) ?? 0, b.data?.get(p) ?? 0)]));
    expect(await log.source('data').end()).toEqual(expected);
    expect(await log.source('metadata').end()).toEqual(new Map(range(P.metadata).map((p) => [p, b.metadata?.get(p) ?? 0])));
    expect([...b.metadata!.values()]).toEqual([1]);
  });

  it('lets a caught-up reader see a later append (tailing)', async () => {
    const log = await open({ data: 2, metadata: 1 });
    await log.append([dataRecord(1, 1)]);
    const got = [signal(), signal()];
    const reading = readUntil(log.source('data'), { from: BEGINNING }, (r) => {
      if (r.length >= 1) got[0].done();
      if (r.length >= 2) got[1].done();
      return r.length >= 3;
    });
    await got[0].promise;
    await log.append([dataRecord(2, 2)]);
    await got[1].promise;
    await log.append([dataRecord(3, 3)]);
    const { records } = await reading;
    expect(records.map(seqOf).sort()).toEqual([1, 2, 3]);
  });

  it('ends the iteration when the signal aborts, while waiting or before starting', async () => {
    const log = await open();
    await log.append([dataRecord(1, 1)]);
    const controller = new AbortController();
    const got = signal();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const batch of log.source('data').read({ from: BEGINNING, signal: controller.signal })) {
        seen.push(...batch.map(seqOf));
        got.done();
      }
    })();
    await got.promise;
    await new Promise(setImmediate);
    controller.abort();
    await loop;
    expect(seen).toEqual([1]);
    await log.append([dataRecord(2, 2)]);
    let count = 0;
    for await (const _ of log.source('data').read({ from: BEGINNING, signal: AbortSignal.abort() })) count++;
    expect(count).toBe(0);
  });

  it('orders and acknowledges concurrent appends like sequential ones, in call order', async () => {
    const log = await open({ data: 3, metadata: 1 });
    const calls = Array.from({ length: 40 }, (_, c) => Array.from({ length: 1 + (c % 5) }, (_, i) => dataRecord((c + i) % 7, c * 10 + i)));
    const positions: LogPosition[] = await Promise.all(calls.map((records) => log.append(records)));
    const records = await readToEnd(log.source('data'), BEGINNING);
    expect(records).toHaveLength(calls.flat().length);
    for (const [partition, list] of byPartition(records)) {
      const seqs = list.map(seqOf);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      for (let c = 0; c < calls.length; c++) {
        const end = positions[c].data?.get(partition);
        if (end === undefined) continue;
        expect(Math.floor(seqOf(list[end - 1]) / 10)).toBe(c);
      }
    }
  });

  const withCodec = factory.encodes === false ? it.skip : it;

  withCodec('rejects a call whose record cannot be encoded, and only that call', async () => {
    const refuse = (e: unknown) => (e as { points?: { ts: bigint }[] }).points?.[0].ts === 666n;
    const log = await open({ data: 2, metadata: 1 }, faultyCodec(codec, { encode: refuse }));
    const results = await Promise.allSettled([log.append([dataRecord(1, 1)]), log.append([dataRecord(2, 2), dataRecord(3, 666)]), log.append([dataRecord(4, 4)])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const records = await readToEnd(log.source('data'), BEGINNING);
    expect(records.map(seqOf).sort()).toEqual([1, 4]);
  });

  withCodec('yields the records before a poison record, then fails with its offset', async () => {
    const poison = (e: unknown) => (e as { points?: { ts: bigint }[] }).points?.[0].ts === 13n;
    const log = await open({ data: 1, metadata: 1 }, faultyCodec(codec, { decode: poison }));
    await log.append(Array.from({ length: 20 }, (_, i) => dataRecord(i, i)));
    // The poison record's partition holds these seqs in this order (one partition: all of them).
    const count = countsOf({ data: 1, metadata: 1 }).data;
    const pp = partitionOf(series(13).key, count);
    const inPp = range(20).filter((i) => partitionOf(series(i).key, count) === pp);
    const at = inPp.indexOf(13);
    const seen: LogRecord<'data'>[] = [];
    const failure = await (async () => {
      for await (const batch of log.source('data').read({ from: BEGINNING, signal: new AbortController().signal })) seen.push(...batch);
    })().catch((err: unknown) => err);
    expect(seen.filter((r) => r.partition === pp).map(seqOf)).toEqual(inPp.slice(0, at));
    expect(failure).toMatchObject({ name: 'LogDecodeError', topic: 'data', partition: pp, offset: at, retriable: false });
    expect(await readToEnd(log.source('data'), new Map([[pp, at + 1]]))).toHaveLength(20 - at - 1);
  });

  it('refuses a checkpoint past the end or naming an unknown partition', async () => {
    const log = await open({ data: 2, metadata: 1 });
    await log.append([dataRecord(1, 1)]);
    for (const from of [new Map([[0, 5]]), new Map([[countsOf({ data: 2, metadata: 1 }).data, 0]])]) {
      const reading = readUntil(log.source('data'), { from }, () => false);
      await expect(reading).rejects.toMatchObject({ retriable: false });
    }
  });

  it('ends readers on close and rejects later appends as not retriable', async () => {
    const log = await open();
    const source = log.source('data');
    const waiting = readUntil(source, { from: BEGINNING }, () => false);
    const other = log.source('metadata');
    const waitingOther = readUntil(other, { from: BEGINNING }, () => false);
    await other.close();
    expect((await waitingOther).records).toEqual([]);
    await log.close();
    expect((await waiting).records).toEqual([]);
    await expect(log.append([dataRecord(1, 1)])).rejects.toMatchObject({ retriable: false });
  });

  if (factory.reopen) {
    const reopen = factory.reopen.bind(factory);
    it('keeps every record, offsets and positions across a reopen', async () => {
      const log = await open();
      await log.append(Array.from({ length: 50 }, (_, i) => dataRecord(i % 11, i)));
      await log.append([metadataRecord(1), metadataRecord(2)]);
      const before = await readToEnd(log.source('data'), BEGINNING);
      const end = await log.source('data').end();
      const again = await reopen(log);
      opened.push(again);
      expect(await again.source('data').end()).toEqual(end);
      expect(await readToEnd(again.source('data'), BEGINNING)).toEqual(before);
      expect(await readToEnd(again.source('metadata'), BEGINNING)).toHaveLength(2);
      const p = partitionOf(series(3).key, 4);
      expect((await again.append([dataRecord(3, 50)])).data).toEqual(new Map([[p, end.get(p)! + 1]]));
    });
  }
}
