import kafkajs from 'kafkajs';
import { BEGINNING, type Checkpoint } from '../../domain/ports/checkpoint.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
import { partitionOf } from '../../domain/series/partition.js';
import { seriesIdBytes } from '../../domain/series/series.js';
import { FakeProjection, outgoing, stored, seriesNo, type FakeDatabase } from '../../projections/runner.fixture.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { KafkaDeadLetterSink } from '../../src/infrastructure/log/kafka-dead-letter-sink.js';
import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { IntegrityCodec } from '../../src/infrastructure/serialization/integrity-codec.js';
import { dataRecord, seriesOnePerPartition } from '../contract/log-test-helpers.js';
import { eventually } from '../harness/eventually.js';
import { openKafkaTestLog, type KafkaTestOptions } from './kafka-log-factory.js';
import { describeIfKcat, useMockKafka } from './kafka-mock-cluster.js';
import { consume, rawMessages } from './kafka-raw.js';

jest.setTimeout(60_000);

const FOUR = { data: 4, metadata: 4 };
const describeWithKcat = describeIfKcat('test/int/kafka-mock-group.spec.ts');

const ONE_PER_PARTITION = seriesOnePerPartition(4);

describeWithKcat('Kafka consumer groups and message integrity on the librdkafka mock cluster', () => {
  const mock = useMockKafka();
  const options: KafkaTestOptions = { brokers: () => mock().brokers, idempotent: false, fixedPartitions: 4 };

  it('splits the partitions between two sources of one group; a moved partition resumes where the first left it', async () => {
    const log = await openKafkaTestLog(options, new AvroRecordCodec(), FOUR);
    // The read model both members share: per partition, the next offset applied (a store's checkpoint).
    const applied = new Map<number, number>();
    const received: { member: number; record: LogRecord<'data'> }[] = [];
    const apply = (member: number) => (batch: readonly LogRecord<'data'>[]) => {
      for (const record of batch) {
        received.push({ member, record });
        applied.set(record.partition, record.offset + 1);
      }
    };
    const resume = async (): Promise<Checkpoint> => new Map(applied);
    const group = 'shared-store-group';
    const first = log.source('data', { groupId: `${log.topics.data}-${group}` });
    const second = log.source('data', { groupId: `${log.topics.data}-${group}` });
    first.trackApplied(() => applied, 50);
    second.trackApplied(() => applied, 50);
    let seq = 0;
    const round = () => log.append(ONE_PER_PARTITION.map((n) => dataRecord(n, seq++)));
    try {
      await round();
      const a = consume(first, { from: BEGINNING, resume }, apply(1));
      await eventually(() => expect(received).toHaveLength(4), { attempts: 100 });
      const b = consume(second, { from: BEGINNING, resume }, apply(2));
      // Keep writing one record per partition until the latest round went half to each member.
      const split = await eventually(
        async () => {
          const before = seq;
          await round();
          await eventually(() => expect(received.filter((r) => seqOf(r.record) >= before)).toHaveLength(4), { attempts: 50 });
          const members = new Map(received.filter((r) => seqOf(r.record) >= before).map((r) => [r.record.partition, r.member]));
          expect([...members.values()].sort()).toEqual([1, 1, 2, 2]);
          return members;
        },
        { attempts: 30 },
      );
      expect(split.size).toBe(4);
      await a.stop();
      await b.stop();
      expect(a.failure()).toBeUndefined();
      expect(b.failure()).toBeUndefined();
      // Every record was received exactly once, across both members, in offset order per partition.
      expect(received.map((r) => seqOf(r.record)).sort((x, y) => x - y)).toEqual(Array.from({ length: seq }, (_, i) => i));
      for (let p = 0; p < 4; p++) {
        const offsets = received.filter((r) => r.record.partition === p).map((r) => r.record.offset);
        expect(offsets).toEqual(offsets.map((_, i) => i));
      }
    } finally {
      await log.close();
    }
  });

  it('sends a tampered message to the dead-letter topic, counts it, and never applies it', async () => {
    const codec = new IntegrityCodec(new AvroRecordCodec(), { data: { mac: new Uint8Array(Buffer.from('00112233445566778899aabbccddeeff', 'hex')) } });
    const log = await openKafkaTestLog(options, codec, FOUR);
    const sink = new KafkaDeadLetterSink({ kafka: log.kafka, sourceTopic: log.topics.data, codec });
    const raw = log.kafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
    const db: FakeDatabase = { applied: [] };
    const source = log.source('data');
    const runner = new ProjectionRunner(new FakeProjection(db, 'skip'), source, { deadLetters: sink, maxWaitMs: 5 });
    try {
      await log.append(Array.from({ length: 10 }, (_, i) => outgoing(stored(i % 5, i))));
      const tamperedKey = seriesIdBytes(seriesNo(99));
      const tampered = new Uint8Array(codec.encode('data', stored(99, 99)));
      tampered[tampered.length - 12] ^= 0xff;
      await raw.connect();
      const [sent] = await raw.send({ topic: log.topics.data, acks: -1, messages: [{ key: Buffer.from(tamperedKey), value: Buffer.from(tampered), partition: partitionOf(tamperedKey, 4) }] });
      await log.append(Array.from({ length: 10 }, (_, i) => outgoing(stored(i % 5, 10 + i))));
      await runner.start();
      source.trackApplied(() => runner.applied(), 50);
      await eventually(() => expect(db.applied).toHaveLength(20), { attempts: 150 });
      expect(db.applied.some((label) => label.startsWith('99:'))).toBe(false);
      expect(runner.metrics().skipped).toBe(1);
      expect(codec.failures).toBeGreaterThanOrEqual(1);
      expect(sink.written).toBe(1);
      const [letter] = await rawMessages(log.kafka, sink.topic, 1);
      expect(letter.key).toEqual(Buffer.from(tamperedKey));
      expect(letter.value).toEqual(Buffer.from(tampered));
      expect(letter.headers).toMatchObject({
        'continuum.projection': 'fake',
        'continuum.topic': log.topics.data,
        'continuum.partition': String(sent.partition),
        'continuum.offset': String(sent.baseOffset),
        'continuum.error': expect.stringContaining('MAC check failed'),
      });
      expect(runner.status().state).toBe('running');
    } finally {
      await runner.stop();
      await raw.disconnect();
      await sink.close();
      await log.close();
    }
  });
});

function seqOf(record: LogRecord<'data'>): number {
  const e = record.event;
  if (e.type !== 'DatapointsStored') throw new Error(`unexpected ${e.type}`);
  return Number(e.points[0].ts);
}
