import { loadConfig } from '../config/config.loader.js';
import { createCellTopics, createPlasmaFrontEndTopic } from './wiring.js';

export interface TopicsCreateOptions {
  /** Partitions of the data and metadata topics (default 4). */
  readonly partitions?: string;
  /** Replication factor of every topic (default 1; use 3 on a production cluster). */
  readonly replicationFactor?: string;
  /** Comma-separated brokers; else `kafka.brokerlist` / `ingress.kafka.data.brokerlist`. */
  readonly brokers?: string;
  readonly dataDir?: string;
  readonly config?: string;
}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got '${text}'`);
  return n;
}

/**
 * `continuum topics create [--partitions N]`: creates the Kafka topics of a distributed cell, the
 * `kafka-topics.sh --create` step of Warp 10's distributed setup — `data` and `metadata` (names from the
 * configuration) with N partitions, and their dead-letter topics; with the configuration of a plasma front end
 * (`plasma.frontend.kafka.topic` set), its topic too (N partitions) and its dead-letter topic, the seed's
 * `plasmafeXX` topics. Existing topics are left alone (and
 * reported with their partition count: partitions are never added, that would move series). Returns the
 * lines to print.
 */
export async function topicsCreateCommand(options: TopicsCreateOptions): Promise<string[]> {
  const partitions = positive('--partitions', options.partitions, 4);
  const replicationFactor = positive('--replication-factor', options.replicationFactor, 1);
  const { config } = loadConfig({ dataDir: options.dataDir, configFile: options.config });
  const brokers = options.brokers?.split(',').map((b) => b.trim()).filter((b) => b.length > 0);
  const results = [...(await createCellTopics(config, { partitions, replicationFactor, brokers })), ...(await createPlasmaFrontEndTopic(config, { partitions, replicationFactor, brokers }))];
  return results.map((r) => (r.created ? `created topic ${r.name} (${r.partitions} partitions)` : `topic ${r.name} already exists (${r.partitions} partitions)`));
}
