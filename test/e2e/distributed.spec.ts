import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIRECTORY_SERVICE } from '../../domain/ports/directory-shards.js';
import type { CellTokens } from '../../src/cli/tokens-file.js';
import { ZooKeeperServiceDiscovery } from '../../src/infrastructure/coordination/zookeeper-discovery.js';
import { ensureBuilt } from '../harness/build.js';
import { freePort } from '../harness/cell.js';
import { Client } from '../harness/client.js';
import { ComponentProcess } from '../harness/component-process.js';
import { cellTokensOf, describeDistributed, writeDistributedCellConfig } from '../harness/distributed-cell.js';
import { eventually } from '../harness/eventually.js';
import { mergePositions } from '../harness/log-position.js';
import { RawWsClient } from '../harness/raw-ws-client.js';
import { startZooKeeper, type ZooKeeperServer } from '../harness/zookeeper-server.js';
import { startMockKafka, type MockKafka } from '../int/kafka-mock-cluster.js';

// A distributed cell of real processes (issue 4): ZooKeeper (Debian package) and librdkafka's mock Kafka cluster
// (kcat), then ingress, two directory instances (modulus 1: replicas), and store+egress (embedded store in its data
// directory), each started as `continuum start --components … --config <shared file>`. Payloads carry MACs and
// directory requests are signed, so the keys that must match do.
jest.setTimeout(120_000);

const describeCell = describeDistributed('test/e2e/distributed.spec.ts');

/** `ts` → how many times a text fetch listed it, for one series. */
function timestamps(body: string): Map<number, number> {
  const seen = new Map<number, number>();
  for (const line of body.split('\n')) {
    const m = /^=?(\d+)\/\//.exec(line);
    if (m) seen.set(Number(m[1]), (seen.get(Number(m[1])) ?? 0) + 1);
  }
  return seen;
}

describeCell('distributed cell: ingress, two directories (modulus 1) and store+egress in separate processes', () => {
  const cell = `e2e${randomUUID().slice(0, 8)}`;
  let zk: ZooKeeperServer | undefined;
  let kafka: MockKafka | undefined;
  let temp: string;
  let ingress: ComponentProcess;
  let ingressPort: number, dirPortA: number, dirPortB: number, egressPort: number;
  let directories: ComponentProcess[];
  let storeEgress: ComponentProcess;
  let tokens: CellTokens;
  let writer: Client;
  let reader: Client;
  let discovery: ZooKeeperServiceDiscovery | undefined;

  const all = () => [ingress, ...directories, storeEgress].filter((p) => p !== undefined);

  beforeAll(async () => {
    await ensureBuilt();
    [zk, kafka] = await Promise.all([startZooKeeper(), startMockKafka(3)]);
    temp = mkdtempSync(join(tmpdir(), 'continuum-dist-'));
    const configFile = writeDistributedCellConfig(temp, cell, kafka, zk, ({ dataMac }) => [
      `store.kafka.data.topic = ${cell}-data`,
      `store.kafka.data.groupid = ${cell}-store`,
      `store.kafka.data.mac = ${dataMac}`,
      'egress.position.maxwait = 30000',
    ]);
    [ingressPort, dirPortA, dirPortB, egressPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const component = (name: string, components: string, env: Record<string, string>, readyLines: string[]) =>
      new ComponentProcess({ name, components, configFile, dataDir: join(temp, name), env, readyLines, logFile: join(temp, `${name}.log`) });
    ingress = component('ingress', 'ingress', { CONTINUUM_INGRESS_PORT: String(ingressPort) }, [`ingress listening on http://127.0.0.1:${ingressPort}`]);
    directories = [
      component('directory-a', 'directory', { CONTINUUM_DIRECTORY_STREAMING_PORT: String(dirPortA) }, [`directory listening on http://127.0.0.1:${dirPortA}`, 'registered as']),
      component('directory-b', 'directory', { CONTINUUM_DIRECTORY_STREAMING_PORT: String(dirPortB) }, [`directory listening on http://127.0.0.1:${dirPortB}`, 'registered as']),
    ];
    storeEgress = component('store-egress', 'store,egress', { CONTINUUM_EGRESS_PORT: String(egressPort) }, [`egress listening on http://127.0.0.1:${egressPort}`]);
    await Promise.all(all().map((p) => p.start()));
    tokens = cellTokensOf(join(temp, 'ingress'));
    writer = new Client(() => `http://127.0.0.1:${ingressPort}`, tokens);
    reader = new Client(() => `http://127.0.0.1:${egressPort}`, tokens);
    discovery = await ZooKeeperServiceDiscovery.open({ connectString: zk.connectString, basePath: `/zk/warp/${cell}/services`, sessionTimeoutMs: 3000, timeoutMs: 10_000 });
    await eventually(async () => expect(await discovery!.members(DIRECTORY_SERVICE)).toHaveLength(2), { attempts: 50 });
  }, 120_000);

  afterAll(async () => {
    await discovery?.close();
    await Promise.all(all().map((p) => (p.running ? p.kill() : undefined)));
    await Promise.all([kafka?.stop(), zk?.stop()]);
    if (temp !== undefined && !process.env.CONTINUUM_E2E_KEEP) rmSync(temp, { recursive: true, force: true });
  });

  /** Fails with every component's output, for post-mortems. */
  function outputs(): string {
    return all().map((p) => p.tail(3000)).join('\n');
  }

  it('distributed: an update through ingress is fetched and found through egress; each component serves its own port only', async () => {
    const update = await writer.update('1000// dist.t1{room=a} 1\n2000// dist.t1{room=a} 2\n1500// dist.t1{room=b} \'x\'');
    expect(update.status).toBe(200);
    expect(update.position).toMatch(/^data:.*;metadata:/);
    const fetched = await reader.fetch({ selector: 'dist.t1{}', start: 0, end: 5000 }, { position: update.position });
    expect({ status: fetched.status, body: fetched.body }).toEqual({
      status: 200,
      body: "2000// dist.t1{room=a,.app=continuum} 2\n=1000// 1\n1500// dist.t1{room=b,.app=continuum} 'x'\n",
    });
    const found = await eventually(async () => {
      const r = await reader.find({ selector: '~dist.*{}' });
      expect(r.body).toBe('dist.t1{room=a,.app=continuum}{}\ndist.t1{room=b,.app=continuum}{}\n');
      return r;
    });
    expect(found.status).toBe(200);
    expect((await writer.fetch({ selector: 'dist.t1{}', start: 0, end: 5000 })).status).toBe(404);
    expect((await reader.update('1// x{} 1')).status).toBe(404);
  });

  it('distributed: /api/v0/streamupdate is served by the ingress process, and refused (404) on the egress port', async () => {
    const session = await RawWsClient.open(ingressPort, '/api/v0/streamupdate');
    try {
      session.send(`TOKEN ${tokens.write}`);
      session.send('1000// dist.stream{via=ws} 7');
      await eventually(async () => expect(session.frames.map((f) => (f.type === 'text' ? f.text.replace(/ \d+$/, ' <ns>') : f.type))).toEqual(['OK 0 TOKEN', 'OK 1 UPDATE 1 <ns>']));
    } finally {
      session.destroy();
    }
    await eventually(async () => expect((await reader.fetch({ selector: 'dist.stream{}', start: 0, end: 5000 })).body).toBe('1000// dist.stream{via=ws,.app=continuum} 7\n'));
    await expect(RawWsClient.open(egressPort, '/api/v0/streamupdate')).rejects.toThrow('HTTP/1.1 404 Not Found');
  });

  it('distributed: finds keep working through the other directory when one is killed, and it catches up on restart', async () => {
    const [a, b] = directories;
    const first = await writer.update('1000// dist.t2{n=1} 1');
    expect((await reader.find({ selector: 'dist.t2{}' }, { position: first.position })).body).toBe('dist.t2{n=1,.app=continuum}{}\n');
    // Given: directory a dies without a word; it stays announced until its ZooKeeper session expires.
    await a.kill();
    for (let i = 0; i < 6; i++) {
      const r = await reader.find({ selector: 'dist.t2{}' });
      expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: 'dist.t2{n=1,.app=continuum}{}\n' });
    }
    // When: a new series is written and the first deleted through ingress (which finds through the directories too).
    const second = await writer.update('2000// dist.t2{n=2} 2');
    const deleted = await writer.delete({ selector: 'dist.t2{n=1}', deleteall: true }, { position: second.position });
    expect({ status: deleted.status, body: deleted.body }).toEqual({ status: 200, body: 'dist.t2{n=1,.app=continuum}{}\r\n' });
    const after = mergePositions(second.position, deleted.position);
    expect((await reader.find({ selector: 'dist.t2{}' }, { position: after })).body).toBe('dist.t2{n=2,.app=continuum}{}\n');
    // Then: a restarted rebuilds its index from its registry, applies what it missed, and serves alone once b is gone.
    await a.start();
    await b.kill();
    const alone = await reader.find({ selector: 'dist.t2{}' }, { position: after });
    expect({ status: alone.status, body: alone.body, why: alone.status === 200 ? '' : outputs() }).toEqual({ status: 200, body: 'dist.t2{n=2,.app=continuum}{}\n', why: '' });
    await b.start();
  });

  it('distributed: kill -9 of the store process mid-stream and a restart leave every acknowledged point there exactly once', async () => {
    const WRITERS = 2;
    const LINES = 20;
    const acked: Set<number>[] = Array.from({ length: WRITERS }, () => new Set());
    let positions = '';
    let total = 0;
    let stop = false;
    const write = async (w: number) => {
      for (let batch = 0; !stop; batch++) {
        const body = Array.from({ length: LINES }, (_, j) => `${batch * LINES + j + 1}// dist.crash{w=${w}} ${batch}`).join('\n');
        const r = await writer.update(body);
        if (r.status !== 200) throw new Error(`update answered ${r.status}: ${r.body}`);
        for (let j = 0; j < LINES; j++) acked[w].add(batch * LINES + j + 1);
        positions = mergePositions(positions, r.position);
        total++;
      }
    };
    const until = async (n: number) => {
      while (total < n) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => write(w));
    try {
      await until(20);
      await storeEgress.kill();
      const killedAt = total;
      await until(killedAt + 20);
      await storeEgress.start();
      await until(total + 10);
    } finally {
      stop = true;
    }
    await Promise.all(writers);
    for (let w = 0; w < WRITERS; w++) {
      const r = await reader.fetch({ selector: `dist.crash{w=${w}}`, start: 0, end: 1_000_000 }, { position: positions });
      expect({ status: r.status, why: r.status === 200 ? '' : `${r.body}\n${outputs()}` }).toEqual({ status: 200, why: '' });
      const seen = timestamps(r.body);
      expect([...seen.values()].filter((n) => n !== 1)).toEqual([]);
      expect([...seen.keys()].sort((x, y) => x - y)).toEqual([...acked[w]].sort((x, y) => x - y));
    }
  });

  // Last: it takes the brokers away from every other case.
  it('distributed: with the brokers gone, ingress answers 503 with Retry-After and acknowledges nothing', async () => {
    await kafka!.stop();
    kafka = undefined;
    const r = await writer.update('1000// dist.nobroker{} 1');
    expect({ status: r.status, retryAfter: r.headers['retry-after'] !== undefined, body: r.body }).toMatchObject({ status: 503, retryAfter: true, body: expect.stringMatching(/^Error when updating data: cannot append \d+ records: Kafka /) });
    expect(r.position).toBeUndefined();
  });
});
