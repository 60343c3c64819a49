import type { Admin, Kafka } from 'kafkajs';
import { kafkaFailure } from './kafka-client.js';
import { LogError } from './log-error.js';

/** A topic to create. */
export interface KafkaTopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
}

/** What `createKafkaTopics` found or did for one topic. */
export interface KafkaTopicResult {
  readonly name: string;
  readonly created: boolean;
  /** The partitions the topic has now. */
  readonly partitions: number;
}

/** The admin calls topic creation needs (a kafkajs Admin; a fake in unit tests). */
export type TopicAdmin = Pick<Admin, 'listTopics' | 'createTopics' | 'fetchTopicMetadata'>;

/**
 * Creates the topics that do not exist yet, with their partition count and replication factor, and waits
 * for their leaders; topics that exist are left alone (their partition count is reported, never changed:
 * adding partitions would move series to other partitions and break their order). Like Warp 10's
 * `kafka-topics.sh --create` step of the distributed setup.
 */
export async function createKafkaTopics(admin: TopicAdmin, topics: readonly KafkaTopicSpec[]): Promise<KafkaTopicResult[]> {
  for (const t of topics) {
    if (!Number.isSafeInteger(t.partitions) || t.partitions < 1) throw new LogError(`cannot create topic ${t.name}: partitions must be a positive integer, got ${t.partitions}`, { retriable: false });
    if (!Number.isSafeInteger(t.replicationFactor) || t.replicationFactor < 1) throw new LogError(`cannot create topic ${t.name}: replication factor must be a positive integer, got ${t.replicationFactor}`, { retriable: false });
  }
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor: t.replicationFactor })),
      });
    }
    const metadata = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
    const counts = new Map(metadata.topics.map((m) => [m.name, m.partitions.length]));
    return topics.map((t) => ({ name: t.name, created: !existing.has(t.name), partitions: counts.get(t.name) ?? 0 }));
  } catch (err) {
    if (err instanceof LogError) throw err;
    throw kafkaFailure(`create topics ${topics.map((t) => t.name).join(', ')}`, err);
  }
}

/** Connects an admin client of `kafka`, runs `createKafkaTopics`, disconnects. */
export async function createKafkaTopicsOn(kafka: Kafka, topics: readonly KafkaTopicSpec[]): Promise<KafkaTopicResult[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await createKafkaTopics(admin, topics);
  } catch (err) {
    if (err instanceof Error && 'retriable' in err) throw err;
    throw kafkaFailure('connect to Kafka', err);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
