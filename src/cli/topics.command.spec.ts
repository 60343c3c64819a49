import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topicsCreateCommand } from './topics.command.js';

describe('continuum topics create', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'continuum-topics-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    [{ partitions: '0' }, "--partitions must be a positive integer, got '0'"],
    [{ partitions: 'four' }, "--partitions must be a positive integer, got 'four'"],
    [{ replicationFactor: '-1' }, "--replication-factor must be a positive integer, got '-1'"],
  ])('refuses %j before reading the configuration', async (options, message) => {
    await expect(topicsCreateCommand({ ...options, dataDir: join(dataDir, 'never-created') })).rejects.toThrow(message);
  });

  it('says which key to set when no broker is configured', async () => {
    await expect(topicsCreateCommand({ dataDir })).rejects.toThrow('cannot connect ingress to Kafka: set kafka.brokerlist or ingress.kafka.data.brokerlist');
  });
});
