import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTokensFile, TOKENS_FILE, type CellTokens } from '../../src/cli/tokens-file.js';
import { hasKcat, type MockKafka } from '../int/kafka-mock-cluster.js';
import { zooKeeperUnavailable, type ZooKeeperServer } from './zookeeper-server.js';

/**
 * `describe` when this machine has what a multi-process distributed cell needs (the librdkafka mock cluster through
 * kcat, and ZooKeeper), else `describe.skip` after a warning naming what is missing and which file it skips.
 */
export function describeDistributed(file: string): jest.Describe {
  const missing = [hasKcat() ? undefined : 'kcat (librdkafka mock Kafka cluster) is not installed', zooKeeperUnavailable()].filter((m) => m !== undefined);
  if (missing.length === 0) return describe;
  console.warn(`${file} skipped: ${missing.join('; ')} (.ci/run installs zookeeper and kcat)`);
  return describe.skip;
}

/** A fresh random key in the configuration's `hex:` form. */
export function cellKey(bytes: number): string {
  return `hex:${randomBytes(bytes).toString('hex')}`;
}

/**
 * Writes `<dir>/cell.conf`, the configuration every process of a test cell shares, and returns its path: for a
 * cell named `cell` on `kafka` and `zk`, fresh token and id keys, topics `<cell>-data` and `<cell>-metadata` with MACs (the keys that must match do), non-idempotent producers (the mock
 * cluster cannot), short Kafka and ZooKeeper sessions (crashed members leave quickly), directories under
 * `/zk/warp/<cell>/services` with signed requests, then the `extra` lines (given the data topic's MAC key, which
 * the other consumers of the data topic must share).
 */
export function writeDistributedCellConfig(dir: string, cell: string, kafka: MockKafka, zk: ZooKeeperServer, extra: (keys: { readonly dataMac: string }) => readonly string[] = () => []): string {
  const file = join(dir, 'cell.conf');
  const dataMac = cellKey(16);
  const metadataMac = cellKey(16);
  const lines = [
    `warp.hash.class = ${cellKey(16)}`,
    `warp.hash.labels = ${cellKey(16)}`,
    `warp.hash.token = ${cellKey(16)}`,
    `warp.hash.app = ${cellKey(16)}`,
    `warp.aes.token = ${cellKey(32)}`,
    `kafka.brokerlist = ${kafka.brokers.join(',')}`,
    'kafka.producer.idempotent = false',
    'kafka.consumer.session.timeout = 6000',
    `ingress.kafka.data.topic = ${cell}-data`,
    `ingress.kafka.metadata.topic = ${cell}-metadata`,
    `directory.kafka.metadata.topic = ${cell}-metadata`,
    `ingress.kafka.data.mac = ${dataMac}`,
    `ingress.kafka.metadata.mac = ${metadataMac}`,
    `directory.kafka.metadata.mac = ${metadataMac}`,
    `directory.zk.quorum = ${zk.connectString}`,
    `directory.zk.znode = /zk/warp/${cell}/services`,
    'warp.zk.session.timeout = 3000',
    `directory.psk = ${cellKey(16)}`,
    ...extra({ dataMac }),
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** The tokens a component process wrote to `<dataDir>/tokens.txt` on its first start. */
export function cellTokensOf(dataDir: string): CellTokens {
  return readTokensFile(join(dataDir, TOKENS_FILE));
}
