import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZooKeeperClient } from '../../src/infrastructure/coordination/zookeeper-client.js';
import { parseSubscriptionZnodeName } from '../../src/infrastructure/plasma/zookeeper-subscription-znodes.js';
import { ensureBuilt } from '../harness/build.js';
import { freePort } from '../harness/cell.js';
import { Client } from '../harness/client.js';
import { ComponentProcess } from '../harness/component-process.js';
import { cellKey, cellTokensOf, describeDistributed, writeDistributedCellConfig } from '../harness/distributed-cell.js';
import { eventually } from '../harness/eventually.js';
import { startZooKeeper, type ZooKeeperServer } from '../harness/zookeeper-server.js';
import { startMockKafka, type MockKafka } from '../int/kafka-mock-cluster.js';
import { PlasmaClient } from './plasma-client.js';

// Distributed plasma (issue 5, reference §8.2) with real processes: ZooKeeper and librdkafka's mock Kafka cluster,
// ingress+directory in one process, two plasmaFE processes (each its own Kafka topic) and one plasmaBE, started as
// `continuum start --components … --config <shared file>`. Data, front end and back end payloads carry MACs (the
// out/front end pair with AES too), so the keys that must match do.
jest.setTimeout(180_000);

const describeCell = describeDistributed('test/e2e/distributed-plasma.spec.ts');

const soon = { attempts: 300, intervalMs: 100 };

/** Data messages among a session's messages (not command replies). */
const dataOf = (messages: readonly string[]): string[] => messages.filter((m) => !/^(SUB|STATS|KO) /.test(m));
const data = (c: PlasmaClient): string[] => dataOf(c.messages);

describeCell('distributed plasma: two front ends and one back end over mock Kafka and a real ZooKeeper', () => {
  const cell = `pl${randomUUID().slice(0, 8)}`;
  const znode = `/zk/warp/${cell}/plasma`;
  const topics = [`${cell}-plasmafe1`, `${cell}-plasmafe2`];
  let zk: ZooKeeperServer | undefined;
  let kafka: MockKafka | undefined;
  let observer: ZooKeeperClient | undefined;
  let temp: string;
  let core: ComponentProcess;
  let frontEnds: ComponentProcess[] = [];
  let backEnd: ComponentProcess;
  let fePorts: number[];
  let tokens: { read: string; write: string };
  let writer: Client;
  const sessions: PlasmaClient[] = [];

  const all = () => [core, ...frontEnds, backEnd].filter((p) => p !== undefined);
  const outputs = () => all().map((p) => p.tail(3000)).join('\n');

  /** The front end topics that have subscription znodes in ZooKeeper now. */
  async function publishedTopics(): Promise<string[]> {
    const children = (await observer!.getChildren(znode)) ?? [];
    return [...new Set(children.map((c) => parseSubscriptionZnodeName(c)?.topic ?? '?'))].sort();
  }

  /** Subscribes (again, until the directory has applied the series) and returns the session's subscriptions. */
  async function subscribe(c: PlasmaClient, selector: string, count: number): Promise<string[]> {
    return eventually(async () => {
      c.send(`SUBSCRIBE ${tokens.read} ${selector}`);
      const subs = await c.subscriptions();
      expect(subs).toHaveLength(count);
      return subs;
    }, soon);
  }

  beforeAll(async () => {
    await ensureBuilt();
    [zk, kafka] = await Promise.all([startZooKeeper(), startMockKafka(3)]);
    observer = await ZooKeeperClient.connect({ connectString: zk.connectString, sessionTimeoutMs: 4000, timeoutMs: 10_000 });
    temp = mkdtempSync(join(tmpdir(), 'continuum-dplasma-'));
    const [plasmaMac, plasmaAes] = [cellKey(16), cellKey(16)];
    const configFile = writeDistributedCellConfig(temp, cell, kafka, zk, ({ dataMac }) => [
      `plasma.backend.kafka.in.topic = ${cell}-data`,
      `plasma.backend.kafka.in.groupid = ${cell}-plasmabe`,
      `plasma.backend.kafka.in.mac = ${dataMac}`,
      `plasma.backend.kafka.out.mac = ${plasmaMac}`,
      `plasma.backend.kafka.out.aes = ${plasmaAes}`,
      `plasma.frontend.kafka.mac = ${plasmaMac}`,
      `plasma.frontend.kafka.aes = ${plasmaAes}`,
      `plasma.frontend.znode = ${znode}`,
      `plasma.backend.subscriptions.znode = ${znode}`,
      'plasma.frontend.subscribe.delay = 200',
    ]);
    const [ingressPort, dirPort, ...ports] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    fePorts = ports;
    const component = (name: string, components: string, env: Record<string, string>, readyLines: string[]) =>
      new ComponentProcess({ name, components, configFile, dataDir: join(temp, name), env, readyLines, logFile: join(temp, `${name}.log`) });
    core = component('ingress-directory', 'ingress,directory', { CONTINUUM_INGRESS_PORT: String(ingressPort), CONTINUUM_DIRECTORY_STREAMING_PORT: String(dirPort) }, [
      `ingress listening on http://127.0.0.1:${ingressPort}`,
      'registered as',
    ]);
    frontEnds = topics.map((topic, i) =>
      component(`plasmafe${i + 1}`, 'plasmaFE', { CONTINUUM_PLASMA_FRONTEND_PORT: String(fePorts[i]), CONTINUUM_PLASMA_FRONTEND_KAFKA_TOPIC: topic }, [`plasmaFE listening on http://127.0.0.1:${fePorts[i]}`]),
    );
    backEnd = component('plasmabe', 'plasmaBE', {}, ['components plasmaBE running']);
    await core.start();
    await Promise.all([...frontEnds, backEnd].map((p) => p.start()));
    tokens = cellTokensOf(join(temp, 'ingress-directory'));
    writer = new Client(() => `http://127.0.0.1:${ingressPort}`, tokens);
  }, 180_000);

  afterAll(async () => {
    for (const s of sessions) s.close();
    await observer?.close();
    await Promise.all(all().map((p) => (p.running ? p.kill() : undefined)));
    await Promise.all([kafka?.stop(), zk?.stop()]);
    if (temp !== undefined && !process.env.CONTINUUM_E2E_KEEP) rmSync(temp, { recursive: true, force: true });
  });

  it('distributed plasma: a subscriber on each front end receives only its series; a killed front end is no longer routed to, the other keeps receiving', async () => {
    expect((await writer.update('1// dp.a{n=1} 0\n1// dp.b{n=2} 0')).status).toBe(200);
    const [onA, onB] = await Promise.all(fePorts.map(async (port) => PlasmaClient.connect(`ws://127.0.0.1:${port}/api/v0/plasma`)));
    sessions.push(onA, onB);
    expect(await subscribe(onA, 'dp.a{}', 1)).toEqual(['SUB dp.a{n=1,.app=continuum}']);
    expect(await subscribe(onB, 'dp.b{}', 1)).toEqual(['SUB dp.b{n=2,.app=continuum}']);
    // Both front ends published (ZooKeeper), and the back end routes to both (its log of each new route table).
    await eventually(async () => expect(await publishedTopics()).toEqual(topics), soon);
    await eventually(() => expect(backEnd.output).toMatch(new RegExp(`routes to 2 front end\\(s\\): [^\\n]*${topics[0]} \\(1 series\\)`)), soon);

    // Points written before the back end saw a route may or may not be forwarded (plasma promises no ordering with
    // the data topic); those written after are, to the subscribed front end only.
    expect((await writer.update('10// dp.a{n=1} 1\n10// dp.b{n=2} 2\n11// dp.a{n=1} 3')).status).toBe(200);
    await onA.waitFor((m) => dataOf(m).join('').includes('10// dp.a{n=1,.app=continuum} 1\n=11// 3\n'), 30_000, 'dp.a points');
    await onB.waitFor((m) => dataOf(m).join('').includes('10// dp.b{n=2,.app=continuum} 2\n'), 30_000, 'dp.b points');
    expect({ a: data(onA).filter((m) => !m.includes('dp.a{')), b: data(onB).filter((m) => !m.includes('dp.b{')) }).toEqual({ a: [], b: [] });

    // kill -9 of front end 1: its ephemeral znodes vanish with its session, and the back end stops routing to it.
    await frontEnds[0].kill();
    await eventually(async () => expect(await publishedTopics()).toEqual([topics[1]]), soon);
    await eventually(() => expect(backEnd.output).toMatch(new RegExp(`routes to 1 front end\\(s\\): ${topics[1]} \\(1 series\\)`)), soon);
    const before = data(onB).length;
    expect((await writer.update('20// dp.a{n=1} 4\n20// dp.b{n=2} 5')).status).toBe(200);
    await onB.waitFor((m) => dataOf(m).length > before, 30_000, 'the dp.b point written after the kill');
    expect(data(onB).slice(before)).toEqual(['20// dp.b{n=2,.app=continuum} 5\n']);
    expect(outputs()).not.toMatch(/cannot deliver to plasma front end/);
  });

  it('distributed plasma: a front end stopped with SIGTERM withdraws its subscriptions and exits cleanly', async () => {
    expect(frontEnds[1].running).toBe(true);
    expect(await publishedTopics()).toEqual([topics[1]]);
    expect(await frontEnds[1].stop()).toEqual({ code: 0, signal: null });
    expect(await publishedTopics()).toEqual([]);
    await eventually(() => expect(backEnd.output).toMatch(/routes to 0 front end\(s\): none/), soon);
  });
});
