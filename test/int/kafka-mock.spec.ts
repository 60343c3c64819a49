import { BEGINNING } from '../../domain/ports/checkpoint.js';
import { partitionOf } from '../../domain/series/partition.js';
import { UnavailableError } from '../../domain/errors.js';
import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { IntegrityCodec } from '../../src/infrastructure/serialization/integrity-codec.js';
import { testLogContract } from '../contract/log.contract.js';
import { byPartition, dataRecord, readToEnd, seqOf, series } from '../contract/log-test-helpers.js';
import { kafkaLogFactory, openKafkaTestLog, type KafkaTestOptions } from './kafka-log-factory.js';
import { describeIfKcat, startMockKafka, useMockKafka } from './kafka-mock-cluster.js';
import { rawMessages } from './kafka-raw.js';

jest.setTimeout(60_000);

const key = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
/** The production codec as a protected cell uses it: Avro in Confluent framing, AES-wrapped, MACed. */
const protectedAvro = new IntegrityCodec(new AvroRecordCodec(), {
  data: { mac: key('00112233445566778899aabbccddeeff'), aes: key('0f0e0d0c0b0a09080706050403020100') },
  metadata: { mac: key('ffeeddccbbaa99887766554433221100') },
});
const avro = new AvroRecordCodec();
const FOUR = { data: 4, metadata: 4 };

const describeWithKcat = describeIfKcat('test/int/kafka-mock.spec.ts');

describeWithKcat('Kafka log on the librdkafka mock cluster', () => {
  const mock = useMockKafka();
  const options: KafkaTestOptions = { brokers: () => mock().brokers, idempotent: false, fixedPartitions: 4 };

  describe('log contract (Avro with MAC and AES; topics auto-created with 4 partitions; no idempotence)', () => {
    testLogContract(kafkaLogFactory(options), protectedAvro);
  });

  it("keys each message with the 16-byte series id and puts it in Warp 10's partition for it, call after call", async () => {
    const log = await openKafkaTestLog(options, avro, FOUR);
    try {
      const positions = [];
      for (let call = 0; call < 3; call++) positions.push(await log.append([0, 1, 2, 3, 4, 5].map((n) => dataRecord(n, call * 6 + n))));
      const raw = await rawMessages(log.kafka, log.topics.data, 18);
      for (const m of raw) {
        const n = [0, 1, 2, 3, 4, 5].find((i) => Buffer.from(series(i).key).equals(m.key!))!;
        expect(n).toBeDefined();
        expect(m.partition).toBe(partitionOf(series(n).key, 4));
        expect(m.value![0]).toBe(0);
        expect(avro.decode('data', m.value!)).toMatchObject({ type: 'DatapointsStored', series: series(n).id });
      }
      const last = new Map<number, number>();
      for (const m of raw) last.set(m.partition, Math.max(last.get(m.partition) ?? 0, m.offset + 1));
      expect(positions[2].data).toEqual(last);
    } finally {
      await log.close();
    }
  });

  it('reads again from another checkpoint on the same source, staying in its group (a runner retry)', async () => {
    const log = await openKafkaTestLog(options, avro, FOUR);
    try {
      await log.append(Array.from({ length: 40 }, (_, i) => dataRecord(i % 8, i)));
      const source = log.source('data');
      const all = byPartition(await readToEnd(source, BEGINNING));
      const from = new Map([...all].map(([p, list]) => [p, Math.floor(list.length / 2)]));
      const again = byPartition(await readToEnd(source, from));
      for (const [p, list] of all) expect(again.get(p)?.map(seqOf) ?? []).toEqual(list.slice(from.get(p)).map(seqOf));
      const third = await readToEnd(source, BEGINNING);
      expect(third).toHaveLength(40);
      expect(await source.lag()).toEqual(new Map([0, 1, 2, 3].map((p) => [p, all.get(p)?.length ?? 0])));
      await source.commitApplied(from);
      expect(await source.lag()).toEqual(new Map([0, 1, 2, 3].map((p) => [p, (all.get(p)?.length ?? 0) - (from.get(p) ?? 0)])));
    } finally {
      await log.close();
    }
  });

  it('sends a call larger than one request as ordered requests, with the position of its last records', async () => {
    const log = await openKafkaTestLog(options, avro, FOUR, { maxRequestBytes: 1500 });
    try {
      const position = await log.append(Array.from({ length: 60 }, (_, i) => dataRecord(i % 3, i)));
      const records = await readToEnd(log.source('data'), BEGINNING);
      expect(records.map(seqOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
      const byP = byPartition(records);
      for (const list of byP.values()) expect(list.map(seqOf)).toEqual(list.map(seqOf).sort((a, b) => a - b));
      expect(position.data).toEqual(new Map([...byP].map(([p, list]) => [p, list.length])));
    } finally {
      await log.close();
    }
  });

  it('rejects appends and end() with retriable 503-mappable errors while the brokers are down', async () => {
    const own = await startMockKafka(1);
    let stopped = false;
    const log = await openKafkaTestLog({ brokers: () => own.brokers, idempotent: false }, avro, FOUR);
    try {
      expect((await log.append([dataRecord(1, 1)])).data?.size).toBe(1);
      await own.stop();
      stopped = true;
      const failure = await log.append([dataRecord(2, 2)]).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(UnavailableError);
      expect(failure).toMatchObject({ retriable: true, message: expect.stringMatching(/^cannot append 1 records: Kafka /) });
      await expect(log.source('data').end()).rejects.toMatchObject({ retriable: true, code: 'UNAVAILABLE' });
    } finally {
      await log.close();
      if (!stopped) await own.stop();
    }
  });
});
