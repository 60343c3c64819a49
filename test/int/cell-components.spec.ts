import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CellModule } from '../../src/apps/cell/cell.module.js';
import { componentListeners, serveListeners } from '../../src/apps/cell/component-listeners.js';
import { parseComponents } from '../../src/apps/cell/components.js';
import { DirectoryAnnouncer } from '../../src/apps/directory/directory-announcer.js';
import { createHttpApp } from '../../src/apps/shared/http-server.js';
import { Config, type RawValue } from '../../src/config/config.js';
import { tokenCodecOf } from '../../src/infrastructure/infrastructure.module.js';
import { mintTokens } from '../../domain/tokens/token-factory.js';
import { Client } from '../harness/client.js';
import { eventually } from '../harness/eventually.js';
import { startZooKeeper, zooKeeperUnavailable, type ZooKeeperServer } from '../harness/zookeeper-server.js';
import { hasKcat, startMockKafka, type MockKafka } from './kafka-mock-cluster.js';

// Every component of a distributed cell in ONE process (CellModule.forComponents with ingress, egress, directory,
// store), on the real infrastructure of this machine: the bindings resolve once each, the components share one
// port when told, and an update goes through Kafka, the directory and the store to a fetch, a find and a delete.
jest.setTimeout(60_000);

const missing = [hasKcat() ? undefined : 'kcat (librdkafka mock Kafka cluster) is not installed', zooKeeperUnavailable()].filter((m) => m !== undefined);
if (missing.length > 0) console.warn(`test/int/cell-components.spec.ts skipped: ${missing.join('; ')}`);
const describeInfra = missing.length === 0 ? describe : describe.skip;

describeInfra('a process running ingress, egress, directory and store on Kafka and ZooKeeper', () => {
  let zk: ZooKeeperServer | undefined;
  let kafka: MockKafka | undefined;
  let app: NestFastifyApplication | undefined;
  let dataDir: string;

  beforeAll(async () => {
    [zk, kafka] = await Promise.all([startZooKeeper(), startMockKafka(1)]);
    dataDir = mkdtempSync(join(tmpdir(), 'continuum-cell-'));
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([kafka?.stop(), zk?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves every component on one port and carries an update to fetch, find and delete', async () => {
    const cell = `int${randomUUID().slice(0, 8)}`;
    const key = (n: number) => `hex:${randomBytes(n).toString('hex')}`;
    const values: Record<string, string> = {
      'warp.hash.class': key(16),
      'warp.hash.labels': key(16),
      'warp.hash.token': key(16),
      'warp.hash.app': key(16),
      'warp.aes.token': key(32),
      'kafka.brokerlist': kafka!.brokers.join(','),
      'kafka.producer.idempotent': 'false',
      'ingress.kafka.data.topic': `${cell}-data`,
      'store.kafka.data.topic': `${cell}-data`,
      'ingress.kafka.metadata.topic': `${cell}-metadata`,
      'directory.kafka.metadata.topic': `${cell}-metadata`,
      'store.kafka.data.groupid': `${cell}-store`,
      'directory.zk.quorum': zk!.connectString,
      'directory.zk.znode': `/zk/warp/${cell}/services`,
      'directory.psk': key(16),
    };
    const config = new Config(new Map<string, RawValue>(Object.entries(values).map(([k, v]) => [k, { value: v, origin: 'test' }])), dataDir);
    const set = parseComponents('ingress,egress,directory,store');
    if (set.kind !== 'distributed') throw new Error('expected components');
    app = await createHttpApp(CellModule.forComponents(config, set), { maxBodyBytes: 1 << 20, corsHeaders: [], logger: false });
    const [listener] = await serveListeners(app, componentListeners(config, set.components, 0));
    await app.get(DirectoryAnnouncer).announce(listener.boundPort);
    expect([...listener.serves].sort()).toEqual(['directory', 'egress', 'health', 'ingress']);

    const owner = randomUUID();
    const minted = mintTokens({ app: 'int', owner, producer: owner, ttlMs: 3_600_000n, nowMs: BigInt(Date.now()) });
    const codec = tokenCodecOf(config);
    const client = new Client(() => `http://127.0.0.1:${listener.boundPort}`, { read: codec.encodeRead(minted.read), write: codec.encodeWrite(minted.write) });
    const update = await client.update('1000// int.t{k=v} 42');
    expect(update.status).toBe(200);
    const fetched = await client.fetch({ selector: 'int.t{}', start: 0, end: 2000 }, { position: update.position });
    expect({ status: fetched.status, body: fetched.body }).toEqual({ status: 200, body: '1000// int.t{k=v,.app=int} 42\n' });
    const deleted = await client.delete({ selector: 'int.t{}', deleteall: true });
    expect({ status: deleted.status, body: deleted.body }).toEqual({ status: 200, body: 'int.t{k=v,.app=int}{}\r\n' });
    await eventually(async () => expect((await client.find({ selector: 'int.t{}' }, { position: deleted.position })).body).toBe(''));
  });
});
