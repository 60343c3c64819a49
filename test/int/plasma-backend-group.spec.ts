import { Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { DatapointsStored } from '../../domain/events/data.events.js';
import { partitionOf } from '../../domain/series/partition.js';
import { PlasmaProjection } from '../../projections/plasma/plasma.projection.js';
import { PlasmaBackEnd } from '../../src/apps/plasma/plasma-backend.service.js';
import { Config } from '../../src/config/config.js';
import { plasmaDataFeedOf } from '../../src/infrastructure/plasma/kafka-plasma-settings.js';
import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { IntegrityCodec } from '../../src/infrastructure/serialization/integrity-codec.js';
import { dataRecord, seriesOnePerPartition } from '../contract/log-test-helpers.js';
import { eventually } from '../harness/eventually.js';
import { openKafkaTestLog, type KafkaTestLog } from './kafka-log-factory.js';
import { describeIfKcat, useMockKafka } from './kafka-mock-cluster.js';
import { rawMessages } from './kafka-raw.js';

// Issue 4/5: plasma back ends share one consumer group on the data topic. A partition a rebalance moves to another
// back end must resume after what was forwarded (committed offsets), never forwarding a chunk twice; data messages
// failing their MAC go to the data topic's dead-letter topic, never to a front end.
jest.setTimeout(90_000);

const describeWithKcat = describeIfKcat('test/int/plasma-backend-group.spec.ts');

const MAC = '0123456789abcdef0123456789abcdef';
const ONE_PER_PARTITION = seriesOnePerPartition(4);
const macCodec = (mac: string) => new IntegrityCodec(new AvroRecordCodec(), { data: { mac: Uint8Array.from(Buffer.from(mac, 'hex')) } });

/** What the front end `fe` received, by back end. */
interface Forwarded {
  readonly member: string;
  readonly seq: number;
}

describeWithKcat('plasma back ends in one consumer group (librdkafka mock cluster)', () => {
  const mock = useMockKafka();
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  /** A back end of group `groupId` on the log's data topic, forwarding every chunk to `fe` (recorded in `got`). */
  function backEnd(log: KafkaTestLog, groupId: string, member: string, got: Forwarded[]) {
    const config = new Config(
      new Map(
        Object.entries({
          'plasma.backend.kafka.in.topic': log.topics.data,
          'plasma.backend.kafka.in.groupid': groupId,
          'plasma.backend.kafka.in.mac': `hex:${MAC}`,
          'kafka.consumer.session.timeout': '6000',
        }).map(([k, value]) => [k, { value, origin: 'test' }]),
      ),
      '/nonexistent',
    );
    const feed = plasmaDataFeedOf(config, log.kafka, new AvroRecordCodec(), () => undefined);
    const outbox = {
      deliver: (_fe: string, chunks: readonly DatapointsStored[]) => {
        for (const c of chunks) got.push({ member, seq: Number(c.points[0].ts) });
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    };
    const projection = new PlasmaProjection({ routes: { frontEndsOf: () => ['fe'], close: () => Promise.resolve() }, outbox });
    const service = new PlasmaBackEnd(projection, { feed }, { maxBatch: 1000 });
    return {
      service,
      start: () => service.onApplicationBootstrap(),
      stop: async () => {
        await service.beforeApplicationShutdown();
        await feed.source.close();
        await feed.deadLetters.close();
      },
    };
  }

  it('a back end leaving hands its partitions over after what it forwarded: every chunk once, none lost', async () => {
    const log = await openKafkaTestLog({ brokers: () => mock().brokers, idempotent: false }, macCodec(MAC), { data: 4, metadata: 4 });
    const groupId = `${log.topics.data}-plasma`;
    const got: Forwarded[] = [];
    let seq = 0;
    const round = () => log.append(ONE_PER_PARTITION.map((n) => dataRecord(n, seq++)));
    const since = (from: number) => got.filter((g) => g.seq >= from);
    const a = backEnd(log, groupId, 'A', got);
    const b = backEnd(log, groupId, 'B', got);
    try {
      // Given back ends A and B sharing the partitions (chunks forwarded while the group rebalances may come twice:
      // a commit is refused during a rebalance, so the next holder resumes at the last commit that went through)
      await a.start();
      await b.start();
      await eventually(
        async () => {
          const before = seq;
          await round();
          await eventually(() => expect(since(before)).toHaveLength(4), { attempts: 50 });
          expect(new Set(since(before).map((x) => x.member))).toEqual(new Set(['A', 'B']));
        },
        { attempts: 40 },
      );
      // And a few more rounds forwarded by both, B's commits of its partitions moving past A's view of them
      const mark = seq;
      for (let i = 0; i < 3; i++) await round();
      await eventually(() => expect(since(mark)).toHaveLength(12), { attempts: 100 });
      // When B leaves the group (committing what it forwarded) and more is written
      await b.stop();
      const left = seq;
      for (let i = 0; i < 3; i++) await round();
      // Then A forwards the last rounds, and since the mark no chunk was forwarded twice or lost
      await eventually(() => expect(since(left)).toHaveLength(12), { attempts: 200 });
      expect(since(left).every((x) => x.member === 'A')).toBe(true);
      expect(since(mark).map((x) => x.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: seq - mark }, (_, i) => mark + i));
      expect(a.service.supervised.status().state).toBe('running');
    } finally {
      await a.stop();
      await b.stop();
      await log.close();
    }
  });

  it('sends a data message failing its MAC to the dead-letter topic, forwards the others', async () => {
    const log = await openKafkaTestLog({ brokers: () => mock().brokers, idempotent: false }, macCodec(MAC), { data: 4, metadata: 4 });
    const got: Forwarded[] = [];
    const a = backEnd(log, `${log.topics.data}-plasma`, 'A', got);
    const kafka: Kafka = log.kafka;
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    try {
      await a.start();
      let seq = 0;
      await eventually(
        async () => {
          const before = seq;
          await log.append([dataRecord(0, seq++)]);
          await eventually(() => expect(got.filter((g) => g.seq >= before)).toHaveLength(1), { attempts: 30 });
        },
        { attempts: 30 },
      );
      // When a message keyed like series 0 but MAC'd with other keys is written to the data topic, then a good one
      const record = dataRecord(0, 1000);
      const value = macCodec('ffffffffffffffffffffffffffffffff').encode('data', record.event as DatapointsStored);
      await producer.connect();
      const [sent] = await producer.send({ topic: log.topics.data, acks: -1, messages: [{ key: Buffer.from(record.key), value: Buffer.from(value), partition: partitionOf(record.key, 4) }] });
      await log.append([dataRecord(0, 1001)]);
      // Then the good one is forwarded, the bad one is not, and it is in `<data topic>.dlq`
      await eventually(() => expect(got.map((g) => g.seq)).toContain(1001), { attempts: 100 });
      expect(got.map((g) => g.seq)).not.toContain(1000);
      const [letter] = await rawMessages(kafka, `${log.topics.data}.dlq`, 1);
      expect(letter.headers).toMatchObject({ 'continuum.topic': log.topics.data, 'continuum.offset': String(sent.baseOffset) });
      expect(a.service.supervised.metrics().skipped).toBeGreaterThanOrEqual(1);
    } finally {
      await a.stop();
      await producer.disconnect();
      await log.close();
    }
  });
});
