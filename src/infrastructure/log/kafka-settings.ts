import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kafka } from 'kafkajs';
import type { TopicName } from '../../../domain/ports/topics.js';
import type { Config } from '../../config/config.js';
import { withIntegrity } from '../serialization/integrity-codec.js';
import type { RecordCodec } from '../serialization/record-codec.js';
import { createKafkaClient } from './kafka-client.js';
import { KafkaCommandLog, type KafkaTopicNames } from './kafka-command-log.js';
import { deadLetterTopicOf, KafkaDeadLetterSink } from './kafka-dead-letter-sink.js';
import { KafkaLogSource } from './kafka-log-source.js';
import { createKafkaTopicsOn, type KafkaTopicResult, type KafkaTopicSpec } from './kafka-topics.js';
import { LogError } from './log-error.js';

/** Who talks to Kafka: ingress produces both topics; store, directory and the ingress cache consume one each. */
export type KafkaRole = 'ingress' | KafkaConsumerRole;
export type KafkaConsumerRole = 'store' | 'directory' | 'ingress-cache';

type BrokerKey = 'ingress.kafka.data.brokerlist' | 'ingress.kafka.metadata.brokerlist' | 'store.kafka.data.brokerlist';
const BROKER_KEY: Record<KafkaRole, BrokerKey | undefined> = {
  ingress: 'ingress.kafka.data.brokerlist',
  'ingress-cache': 'ingress.kafka.metadata.brokerlist',
  store: 'store.kafka.data.brokerlist',
  directory: undefined,
};

/** The role's brokers: its Warp 10 `*.brokerlist` key, else `kafka.brokerlist`. */
export function kafkaBrokersOf(config: Config, role: KafkaRole): string[] {
  const key = BROKER_KEY[role];
  const text = (key ? config.get(key) : undefined) ?? config.get('kafka.brokerlist') ?? '';
  const brokers = text.split(',').map((b) => b.trim()).filter((b) => b.length > 0);
  if (brokers.length === 0) throw new LogError(`cannot connect ${role} to Kafka: set kafka.brokerlist${key ? ` or ${key}` : ''}`, { retriable: false });
  return brokers;
}

/** A kafkajs client for `role` (client id `continuum-<role>`). */
export function kafkaClientOf(config: Config, role: KafkaRole, log?: (message: string) => void): Kafka {
  return createKafkaClient({ brokers: kafkaBrokersOf(config, role), clientId: `continuum-${role}`, log });
}

/** The Kafka names of the data and metadata topics, as ingress produces them. */
export function kafkaTopicsOf(config: Config): KafkaTopicNames {
  return { data: config.get('ingress.kafka.data.topic'), metadata: config.get('ingress.kafka.metadata.topic') };
}

/**
 * Ingress's command log: `codec` (Avro) wrapped with the ingress MAC/AES keys of each topic, requests bounded
 * by `ingress.kafka.*.maxsize`, idempotence per `kafka.producer.idempotent`.
 */
export function kafkaCommandLogOf(config: Config, kafka: Kafka, codec: RecordCodec): KafkaCommandLog {
  return new KafkaCommandLog({
    kafka,
    topics: kafkaTopicsOf(config),
    codec: withIntegrity(codec, {
      data: { mac: config.get('ingress.kafka.data.mac'), aes: config.get('ingress.kafka.data.aes') },
      metadata: { mac: config.get('ingress.kafka.metadata.mac'), aes: config.get('ingress.kafka.metadata.aes') },
    }),
    idempotent: config.get('kafka.producer.idempotent'),
    maxRequestBytes: Math.min(config.get('ingress.kafka.data.maxsize'), config.get('ingress.kafka.metadata.maxsize')),
  });
}

/** What a consuming component needs: its source, the codec it decodes with, its dead-letter sink. */
export interface KafkaConsumerParts<T extends TopicName> {
  readonly source: KafkaLogSource<T>;
  /** `codec` with the role's MAC/AES keys (an `IntegrityCodec` when a key is set: it counts failures). */
  readonly codec: RecordCodec;
  /** For the runner's `deadLetters` (give the projection `poison: 'skip'` so that failed checks are skipped). */
  readonly deadLetters: KafkaDeadLetterSink;
  /** How often to call `source.commitApplied` (`*.kafka.*.commitperiod`), e.g. via `source.trackApplied`. */
  readonly commitPeriodMs: number;
}

interface RoleKeys<T extends TopicName> {
  readonly topic: T;
  readonly topicName: string;
  readonly groupId: string;
  readonly mac?: Uint8Array;
  readonly aes?: Uint8Array;
  readonly commitPeriodMs: number;
}

function roleKeys(config: Config, role: KafkaConsumerRole): RoleKeys<TopicName> {
  const unique = (prefix: string) => `${prefix}-${hostname()}-${randomUUID().slice(0, 8)}`;
  switch (role) {
    case 'store':
      return { topic: 'data', topicName: config.get('store.kafka.data.topic'), groupId: config.get('store.kafka.data.groupid'), mac: config.get('store.kafka.data.mac'), aes: config.get('store.kafka.data.aes'), commitPeriodMs: config.get('store.kafka.data.commitperiod') };
    case 'directory':
      return { topic: 'metadata', topicName: config.get('directory.kafka.metadata.topic'), groupId: config.get('directory.kafka.metadata.groupid') ?? unique('directory.metadata'), mac: config.get('directory.kafka.metadata.mac'), aes: config.get('directory.kafka.metadata.aes'), commitPeriodMs: config.get('directory.kafka.metadata.commitperiod') };
    case 'ingress-cache':
      return { topic: 'metadata', topicName: config.get('ingress.kafka.metadata.topic'), groupId: config.get('ingress.kafka.metadata.groupid') ?? unique('ingress.metadata'), mac: config.get('ingress.kafka.metadata.mac'), aes: config.get('ingress.kafka.metadata.aes'), commitPeriodMs: config.get('ingress.kafka.metadata.commitperiod') };
  }
}

/**
 * The consumer side of `role`: store reads `data` in the shared group `store.kafka.data.groupid`; every
 * directory and every ingress cache reads `metadata` in a group of its own. Payloads are checked with the
 * role's MAC/AES keys; what fails goes to `<topic>` + `kafka.deadletter.suffix` through `deadLetters`.
 */
export function kafkaConsumerOf<T extends TopicName>(config: Config, kafka: Kafka, codec: RecordCodec, role: KafkaConsumerRole, log?: (message: string) => void): KafkaConsumerParts<T> {
  const keys = roleKeys(config, role) as RoleKeys<T>;
  const protectedCodec = withIntegrity(codec, { [keys.topic]: { mac: keys.mac, aes: keys.aes } });
  return {
    source: new KafkaLogSource<T>({ kafka, topic: keys.topic, topicName: keys.topicName, groupId: keys.groupId, codec: protectedCodec, log, ...sessionOf(config) }),
    codec: protectedCodec,
    deadLetters: new KafkaDeadLetterSink({ kafka, sourceTopic: keys.topicName, topic: deadLetterTopicOf(keys.topicName, config.get('kafka.deadletter.suffix')), codec: protectedCodec }),
    commitPeriodMs: keys.commitPeriodMs,
  };
}

/** The consumers' session timeout (`kafka.consumer.session.timeout`) and a heartbeat well inside it. */
function sessionOf(config: Config): { sessionTimeoutMs: number; heartbeatIntervalMs: number } {
  const sessionTimeoutMs = config.get('kafka.consumer.session.timeout');
  return { sessionTimeoutMs, heartbeatIntervalMs: Math.max(100, Math.min(3000, Math.floor(sessionTimeoutMs / 10))) };
}

/** How `continuum topics create` sizes the topics. */
export interface CellTopicsOptions {
  /** Partitions of `data` and `metadata`: the parallelism unit of store and directory consumers. */
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Brokers to use instead of the configured ones. */
  readonly brokers?: readonly string[];
}

/**
 * Creates the cell's topics as the distributed setup prescribes: `data` and `metadata` (names from
 * `ingress.kafka.*.topic`) with `partitions` partitions, and their dead-letter topics with one. Topics that
 * exist are left as they are. Returns what was found or created.
 */
export async function createCellTopics(config: Config, options: CellTopicsOptions): Promise<KafkaTopicResult[]> {
  const kafka = options.brokers ? createKafkaClient({ brokers: options.brokers, clientId: 'continuum-admin' }) : kafkaClientOf(config, 'ingress');
  const names = kafkaTopicsOf(config);
  const suffix = config.get('kafka.deadletter.suffix');
  const specs: KafkaTopicSpec[] = [];
  for (const topic of [names.data, names.metadata]) specs.push({ name: topic, partitions: options.partitions, replicationFactor: options.replicationFactor });
  for (const topic of [names.data, names.metadata]) specs.push({ name: deadLetterTopicOf(topic, suffix), partitions: 1, replicationFactor: options.replicationFactor });
  return createKafkaTopicsOn(kafka, specs);
}
