import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { long } from '../../domain/datapoints/value.js';
import type { DatapointsStored } from '../../domain/events/data.events.js';
import type { PlasmaInbox } from '../../domain/ports/plasma-channel.js';
import { partitionOf } from '../../domain/series/partition.js';
import { seriesIdBytes, type SeriesId } from '../../domain/series/series.js';
import { KafkaDeadLetterSink } from '../../src/infrastructure/log/kafka-dead-letter-sink.js';
import { KafkaPlasmaInbox } from '../../src/infrastructure/plasma/kafka-plasma-inbox.js';
import { KafkaPlasmaOutbox } from '../../src/infrastructure/plasma/kafka-plasma-outbox.js';
import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { IntegrityCodec } from '../../src/infrastructure/serialization/integrity-codec.js';
import { testPlasmaChannelContract, type PlasmaChannelCell } from '../contract/plasma-channel.contract.js';
import { eventually } from '../harness/eventually.js';
import { describeIfKcat, useMockKafka } from './kafka-mock-cluster.js';
import { testKafkaClient } from './kafka-log-factory.js';
import { rawMessages } from './kafka-raw.js';

jest.setTimeout(60_000);

const key = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
/** The `out` keys of the back end, shared by the front ends (plasma.backend.kafka.out.* = plasma.frontend.kafka.*). */
const OUT = { mac: key('0123456789abcdef0123456789abcdef'), aes: key('00112233445566778899aabbccddeeff') };
const protectedCodec = () => new IntegrityCodec(new AvroRecordCodec(), { data: OUT });
const soon = { attempts: 200, intervalMs: 50 };
const id = (n: number) => n.toString(16).padStart(32, '0') as SeriesId;
const chunk = (series: number, seq: number): DatapointsStored => ({ type: 'DatapointsStored', series: id(series), points: [{ ts: BigInt(seq), value: long(BigInt(seq)) }] });

const describeWithKcat = describeIfKcat('test/int/plasma-kafka.spec.ts');

describeWithKcat('plasma channel on the librdkafka mock cluster (reference §8.2, §4.4)', () => {
  const mock = useMockKafka();
  let kafka: Kafka;
  beforeAll(() => {
    kafka = testKafkaClient(mock().brokers);
  });

  /** A message on `topic` keyed like `chunk`, its value encoded with other keys than the front end's: its MAC fails. */
  async function tamper(producer: Producer, topic: string, c: DatapointsStored): Promise<void> {
    const foreign = new IntegrityCodec(new AvroRecordCodec(), { data: { mac: key('ffffffffffffffffffffffffffffffff'), aes: OUT.aes } });
    const k = Buffer.from(seriesIdBytes(c.series));
    await producer.send({ topic, acks: -1, messages: [{ key: k, value: Buffer.from(foreign.encode('data', c)), partition: partitionOf(k, 4) }] });
  }

  function channelCell(): PlasmaChannelCell {
    const open: { close(): Promise<void> }[] = [];
    let producer: Producer | undefined;
    return {
      outbox: () => {
        const outbox = new KafkaPlasmaOutbox({ kafka, codec: protectedCodec(), idempotent: false });
        open.push(outbox);
        return Promise.resolve(outbox);
      },
      inbox: (topic) => {
        const inbox = new KafkaPlasmaInbox({ kafka, topic, groupId: topic, codec: protectedCodec(), sessionTimeoutMs: 6000, log: () => undefined });
        open.push(inbox);
        return Promise.resolve(inbox);
      },
      tamper: async (topic, c) => {
        if (producer === undefined) {
          producer = kafka.producer({ allowAutoTopicCreation: true });
          await producer.connect();
        }
        await tamper(producer, topic, c);
      },
      close: async () => {
        await Promise.allSettled(open.reverse().map((o) => o.close()));
        await producer?.disconnect();
      },
    };
  }

  describe('channel contract (Avro, MAC and AES with the out keys; front end topics auto-created with 4 partitions)', () => {
    testPlasmaChannelContract({ integrity: true, order: 'series', cell: () => Promise.resolve(channelCell()) });
  });

  it('writes each chunk as a data-topic STORE record keyed by its series id, in its Warp 10 partition, protected with the out keys', async () => {
    const topic = `plasmafe-${randomUUID().slice(0, 8)}`;
    const outbox = new KafkaPlasmaOutbox({ kafka, codec: protectedCodec(), idempotent: false, maxRequestBytes: 1024 });
    try {
      const chunks = Array.from({ length: 30 }, (_, i) => chunk(i % 5, i));
      await outbox.deliver(topic, chunks);
      expect(outbox.stats().messages).toBe(30);
      const raw = await rawMessages(kafka, topic, 30);
      const decoded = raw.map((m) => ({ m, event: protectedCodec().decode('data', m.value!) as DatapointsStored }));
      for (const { m, event } of decoded) {
        expect(m.key).toEqual(Buffer.from(seriesIdBytes(event.series)));
        expect(m.partition).toBe(partitionOf(m.key!, 4));
      }
      expect(decoded.map((d) => Number(d.event.points[0].ts)).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(() => new AvroRecordCodec().decode('data', raw[0].value!)).toThrow();
    } finally {
      await outbox.close();
    }
  });

  it('counts a message failing its MAC, writes it unchanged to the dead-letter topic and never delivers it', async () => {
    const topic = `plasmafe-${randomUUID().slice(0, 8)}`;
    const deadLetters = new KafkaDeadLetterSink({ kafka, sourceTopic: topic, codec: protectedCodec() });
    const inbox = new KafkaPlasmaInbox({ kafka, topic, groupId: topic, codec: protectedCodec(), deadLetters, sessionTimeoutMs: 6000, log: () => undefined });
    const outbox = new KafkaPlasmaOutbox({ kafka, codec: protectedCodec(), idempotent: false });
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    const got: DatapointsStored[] = [];
    try {
      await producer.connect();
      await inbox.start((chunks) => {
        got.push(...chunks);
      });
      await tamper(producer, topic, chunk(1, 1));
      await outbox.deliver(topic, [chunk(1, 2)]);
      await eventually(() => expect(got.map((c) => Number(c.points[0].ts))).toEqual([2]), soon);
      expect(inbox.stats()).toMatchObject({ chunks: 1, invalid: 1, deadLettered: 1 });
      const [letter] = await rawMessages(kafka, `${topic}.dlq`, 1);
      expect(letter.headers).toMatchObject({ 'continuum.projection': 'plasma-frontend', 'continuum.topic': topic });
      expect(() => protectedCodec().decode('data', letter.value!)).toThrow(/MAC check failed/);
    } finally {
      await Promise.allSettled([inbox.close(), outbox.close(), deadLetters.close(), producer.disconnect()]);
    }
  });

  it('keeps receiving on its topic after the inbox of another front end closed', async () => {
    const [a, b] = [`plasmafe-${randomUUID().slice(0, 8)}`, `plasmafe-${randomUUID().slice(0, 8)}`];
    const outbox = new KafkaPlasmaOutbox({ kafka, codec: protectedCodec(), idempotent: false });
    const inboxes: PlasmaInbox[] = [a, b].map((topic) => new KafkaPlasmaInbox({ kafka, topic, groupId: topic, codec: protectedCodec(), sessionTimeoutMs: 6000, log: () => undefined }));
    const got: DatapointsStored[] = [];
    try {
      await inboxes[0].start(() => undefined);
      await inboxes[1].start((chunks) => {
        got.push(...chunks);
      });
      await inboxes[0].close();
      await outbox.deliver(a, [chunk(1, 1)]);
      await outbox.deliver(b, [chunk(2, 2)]);
      await eventually(() => expect(got.map((c) => c.series)).toEqual([id(2)]), soon);
    } finally {
      await Promise.allSettled([...inboxes.map((i) => i.close()), outbox.close()]);
    }
  });
});
