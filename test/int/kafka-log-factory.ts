import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { TopicName } from '../../domain/ports/topics.js';
import { createKafkaClient } from '../../src/infrastructure/log/kafka-client.js';
import { KafkaCommandLog, type KafkaCommandLogOptions, type KafkaTopicNames } from '../../src/infrastructure/log/kafka-command-log.js';
import { KafkaLogSource, type KafkaLogSourceOptions } from '../../src/infrastructure/log/kafka-log-source.js';
import type { RecordCodec } from '../../src/infrastructure/serialization/record-codec.js';
import type { LogFactory } from '../contract/log.contract.js';
import type { TestableLog } from '../contract/log-test-helpers.js';

/** Settings of the Kafka logs a test opens: quick retries and heartbeats, so that failures show fast. */
export interface KafkaTestOptions {
  readonly brokers: () => string[];
  /** False against the librdkafka mock cluster (it cannot do idempotent producers). */
  readonly idempotent: boolean;
  /** Partition count every topic has (the mock auto-creates 4); undefined when topics are created as asked. */
  readonly fixedPartitions?: number;
  /** Creates the topics with the asked partition counts (real Kafka); absent: auto-created on first use. */
  readonly createTopics?: (kafka: Kafka, topics: { name: string; partitions: number }[]) => Promise<void>;
}

/** A Kafka log for tests: the command log plus sources on unique topics, each source in its own group unless told. */
export interface KafkaTestLog extends TestableLog {
  readonly kafka: Kafka;
  readonly topics: KafkaTopicNames;
  readonly codec: RecordCodec;
  source<T extends TopicName>(topic: T, extra?: Partial<KafkaLogSourceOptions<T>>): KafkaLogSource<T>;
}

/** Kafka client for tests: kafkajs logs dropped, few and short retries. */
export function testKafkaClient(brokers: string[], retries = 3): Kafka {
  return createKafkaClient({ brokers, clientId: 'continuum-test', connectionTimeoutMs: 1000, requestTimeoutMs: 10_000, retry: { retries, initialRetryTime: 100, maxRetryTime: 1000 }, log: () => undefined });
}

/** Opens a Kafka log on fresh topics `<prefix>-data` / `<prefix>-metadata`. */
export async function openKafkaTestLog(
  options: KafkaTestOptions,
  codec: RecordCodec,
  partitions: Readonly<Record<TopicName, number>>,
  logOptions: Partial<KafkaCommandLogOptions> = {},
): Promise<KafkaTestLog> {
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const kafka = testKafkaClient(options.brokers());
  const topics: KafkaTopicNames = { data: `${prefix}-data`, metadata: `${prefix}-metadata` };
  await options.createTopics?.(kafka, [
    { name: topics.data, partitions: partitions.data },
    { name: topics.metadata, partitions: partitions.metadata },
  ]);
  const log = new KafkaCommandLog({ kafka, topics, codec, idempotent: options.idempotent, retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 }, ...logOptions });
  const sources: KafkaLogSource<TopicName>[] = [];
  let groups = 0;
  return {
    kafka,
    topics,
    codec,
    append: (records) => log.append(records),
    source<T extends TopicName>(topic: T, extra: Partial<KafkaLogSourceOptions<T>> = {}): KafkaLogSource<T> {
      const source = new KafkaLogSource<T>({
        kafka,
        topic,
        topicName: topics[topic],
        groupId: `${prefix}-g${groups++}`,
        codec,
        sessionTimeoutMs: 6000,
        heartbeatIntervalMs: 500,
        maxWaitMs: 100,
        log: () => undefined,
        ...extra,
      });
      sources.push(source as unknown as KafkaLogSource<TopicName>);
      return source;
    },
    close: async () => {
      await log.close();
      await Promise.allSettled(sources.map((s) => s.close()));
    },
  };
}

/** The log contract's factory over `openKafkaTestLog`. */
export function kafkaLogFactory(options: KafkaTestOptions): LogFactory {
  return {
    open: ({ partitions, codec }) => openKafkaTestLog(options, codec, partitions),
    fixedPartitions: options.fixedPartitions,
  };
}
