import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kafka } from 'kafkajs';
import type { Config } from '../../config/config.js';
import { createKafkaClient } from '../log/kafka-client.js';
import { deadLetterTopicOf, KafkaDeadLetterSink } from '../log/kafka-dead-letter-sink.js';
import { KafkaLogSource } from '../log/kafka-log-source.js';
import { createKafkaTopicsOn, type KafkaTopicResult } from '../log/kafka-topics.js';
import { LogError } from '../log/log-error.js';
import { withIntegrity } from '../serialization/integrity-codec.js';
import type { RecordCodec } from '../serialization/record-codec.js';
import { KafkaPlasmaInbox } from './kafka-plasma-inbox.js';
import { KafkaPlasmaOutbox } from './kafka-plasma-outbox.js';

/** Who talks to Kafka for plasma (the client id says it in broker logs). */
export type PlasmaKafkaRole = 'plasma-frontend' | 'plasma-backend';

/** A kafkajs client on `kafka.brokerlist` for a plasma role. */
export function plasmaKafkaClientOf(config: Config, role: PlasmaKafkaRole, log?: (message: string) => void, brokers?: readonly string[]): Kafka {
  const list = brokers ?? (config.get('kafka.brokerlist') ?? '').split(',').map((b) => b.trim()).filter((b) => b.length > 0);
  if (list.length === 0) throw new LogError(`cannot connect ${role} to Kafka: set kafka.brokerlist`, { retriable: false });
  return createKafkaClient({ brokers: list, clientId: `continuum-${role}`, log });
}

/**
 * This front end's topic: `plasma.frontend.kafka.topic`, else `plasmafe-<host>-<suffix>` (the host's characters
 * that a topic cannot hold become `-`; `suffix` defaults to 8 random hex digits). Call it once per process: the
 * publisher and the inbox must agree on it.
 */
export function plasmaFrontEndTopicOf(config: Config, suffix: string = randomUUID().slice(0, 8)): string {
  return config.get('plasma.frontend.kafka.topic') ?? `plasmafe-${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}-${suffix}`;
}

/** The front end's receiving end and its dead-letter sink (close both). */
export interface PlasmaInboxParts {
  readonly inbox: KafkaPlasmaInbox;
  readonly deadLetters: KafkaDeadLetterSink;
}

/**
 * The front end's inbox on `topic`: group `plasma.frontend.kafka.groupid` (else the topic's name), records checked
 * with `plasma.frontend.kafka.mac/aes`, rejected messages to `<topic>` + `kafka.deadletter.suffix`.
 */
export function kafkaPlasmaInboxOf(config: Config, kafka: Kafka, codec: RecordCodec, topic: string, log?: (message: string) => void): PlasmaInboxParts {
  const protectedCodec = withIntegrity(codec, { data: { mac: config.get('plasma.frontend.kafka.mac'), aes: config.get('plasma.frontend.kafka.aes') } });
  const deadLetters = new KafkaDeadLetterSink({ kafka, sourceTopic: topic, topic: deadLetterTopicOf(topic, config.get('kafka.deadletter.suffix')), codec: protectedCodec });
  const inbox = new KafkaPlasmaInbox({
    kafka,
    topic,
    groupId: config.get('plasma.frontend.kafka.groupid') ?? topic,
    codec: protectedCodec,
    deadLetters,
    sessionTimeoutMs: config.get('kafka.consumer.session.timeout'),
    log,
  });
  return { inbox, deadLetters };
}

/**
 * The back end's outbox: records protected with `plasma.backend.kafka.out.mac/aes`, requests bounded by
 * `plasma.backend.kafka.out.maxsize`, idempotence per `kafka.producer.idempotent`.
 */
export function kafkaPlasmaOutboxOf(config: Config, kafka: Kafka, codec: RecordCodec): KafkaPlasmaOutbox {
  return new KafkaPlasmaOutbox({
    kafka,
    codec: withIntegrity(codec, { data: { mac: config.get('plasma.backend.kafka.out.mac'), aes: config.get('plasma.backend.kafka.out.aes') } }),
    maxRequestBytes: config.get('plasma.backend.kafka.out.maxsize'),
    idempotent: config.get('kafka.producer.idempotent'),
  });
}

/**
 * The back end's source of the data topic: `plasma.backend.kafka.in.topic` in the group shared by every back end
 * (`plasma.backend.kafka.in.groupid`), records checked with `plasma.backend.kafka.in.mac/aes` (= ingress's data
 * keys). The plasma projection reads it from its end.
 */
export function plasmaDataSourceOf(config: Config, kafka: Kafka, codec: RecordCodec, log?: (message: string) => void): KafkaLogSource<'data'> {
  const sessionTimeoutMs = config.get('kafka.consumer.session.timeout');
  return new KafkaLogSource<'data'>({
    kafka,
    topic: 'data',
    topicName: config.get('plasma.backend.kafka.in.topic'),
    groupId: config.get('plasma.backend.kafka.in.groupid'),
    codec: withIntegrity(codec, { data: { mac: config.get('plasma.backend.kafka.in.mac'), aes: config.get('plasma.backend.kafka.in.aes') } }),
    sessionTimeoutMs,
    heartbeatIntervalMs: Math.max(100, Math.min(3000, Math.floor(sessionTimeoutMs / 10))),
    log,
  });
}

/** The back end's consumer of the data topic, with what its group needs (see PlasmaBackEndFeed). */
export interface PlasmaDataFeedParts {
  readonly source: KafkaLogSource<'data'>;
  /** Where undecodable or MAC-failing data messages go: `<data topic>` + `kafka.deadletter.suffix`. Close it. */
  readonly deadLetters: KafkaDeadLetterSink;
  readonly commitPeriodMs: number;
  /** The group's committed offsets of `partitions` (absent: none committed). */
  committed(partitions: readonly number[]): Promise<Map<number, number>>;
  /** Commits `offsets` now (KafkaLogSource.commitApplied: held partitions only, failures logged). */
  commit(offsets: ReadonlyMap<number, number>): Promise<void>;
}

/**
 * The back end's side of the data topic: plasmaDataSourceOf, the dead-letter sink the other consumers of the data
 * topic use (records re-encoded with the back end's input keys), and the group's committed offsets.
 */
export function plasmaDataFeedOf(config: Config, kafka: Kafka, codec: RecordCodec, log?: (message: string) => void): PlasmaDataFeedParts {
  const source = plasmaDataSourceOf(config, kafka, codec, log);
  const topicName = config.get('plasma.backend.kafka.in.topic');
  const protectedCodec = withIntegrity(codec, { data: { mac: config.get('plasma.backend.kafka.in.mac'), aes: config.get('plasma.backend.kafka.in.aes') } });
  const deadLetters = new KafkaDeadLetterSink({ kafka, sourceTopic: topicName, topic: deadLetterTopicOf(topicName, config.get('kafka.deadletter.suffix')), codec: protectedCodec });
  return {
    source,
    deadLetters,
    commitPeriodMs: config.get('plasma.backend.kafka.in.commitperiod'),
    committed: async (partitions) => {
      const all = await source.committed();
      return new Map([...all].filter(([p]) => partitions.includes(p)));
    },
    commit: (offsets) => source.commitApplied(offsets),
  };
}

/**
 * Creates the front end topic named by `plasma.frontend.kafka.topic` (and its dead-letter topic) for
 * `continuum topics create`, on brokers where topics are not auto-created; nothing when the key is unset (a front
 * end then makes up its topic at start, which needs auto-creation). Existing topics are left alone.
 */
export async function createPlasmaFrontEndTopic(config: Config, options: { partitions: number; replicationFactor: number; brokers?: readonly string[] }): Promise<KafkaTopicResult[]> {
  const topic = config.get('plasma.frontend.kafka.topic');
  if (topic === undefined) return [];
  const kafka = plasmaKafkaClientOf(config, 'plasma-frontend', undefined, options.brokers);
  return createKafkaTopicsOn(kafka, [
    { name: topic, partitions: options.partitions, replicationFactor: options.replicationFactor },
    { name: deadLetterTopicOf(topic, config.get('kafka.deadletter.suffix')), partitions: 1, replicationFactor: options.replicationFactor },
  ]);
}
