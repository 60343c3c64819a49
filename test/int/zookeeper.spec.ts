import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIRECTORY_SERVICE, directoryPayload, routeDirectories, type DirectoryRoute } from '../../domain/ports/directory-shards.js';
import type { ServiceDiscovery } from '../../domain/ports/service-discovery.js';
import { cellStatusCommand } from '../../src/cli/cell-status.command.js';
import { ZooKeeperClient } from '../../src/infrastructure/coordination/zookeeper-client.js';
import { ZooKeeperServiceDiscovery } from '../../src/infrastructure/coordination/zookeeper-discovery.js';
import { ZooKeeperError } from '../../src/infrastructure/coordination/zookeeper-error.js';
import { testServiceDiscoveryContract, type DiscoveryCell } from '../contract/service-discovery.contract.js';
import { eventually } from '../harness/eventually.js';
import { closeSessionFromOutside, freePort, startZooKeeper, zooKeeperUnavailable, type ZooKeeperServer } from '../harness/zookeeper-server.js';

const SESSION_TIMEOUT_MS = 4000;
// Forced expiries may take a few attempts (see expireSession).
jest.setTimeout(30_000);
const wait = { attempts: 100, intervalMs: 50 };

/**
 * Forces the expiry of the client's session from outside (see closeSessionFromOutside) and waits until the client
 * has noticed it and opened a new session — retrying when the client won the race and kept its session.
 */
async function expireSession(connectString: string, client: ZooKeeperClient): Promise<void> {
  const before = client.renewals;
  for (let attempt = 0; attempt < 15 && client.renewals === before; attempt++) {
    await closeSessionFromOutside(connectString, client.credentials());
    await eventually(() => expect(client.renewals).toBeGreaterThan(before), { attempts: 8, intervalMs: 50 }).catch(() => undefined);
  }
  if (client.renewals === before) throw new Error('could not expire the ZooKeeper session in 15 attempts');
}

function asZooKeeper(member: ServiceDiscovery): ZooKeeperServiceDiscovery {
  if (!(member instanceof ZooKeeperServiceDiscovery)) throw new Error('not a ZooKeeper member');
  return member;
}

const uniqueCell = () => `/zk/warp/t-${randomUUID().slice(0, 8)}`;

const unavailable = zooKeeperUnavailable();
if (unavailable !== undefined) console.warn(`test/int/zookeeper.spec.ts skipped: ${unavailable}`);
const describeWithZooKeeper = unavailable === undefined ? describe : describe.skip;

describeWithZooKeeper('ZooKeeper coordination against a real ZooKeeper 3.8', () => {
  let server: ZooKeeperServer;
  const open: { close(): Promise<void> }[] = [];
  const connect = async () => {
    const client = await ZooKeeperClient.connect({ connectString: server.connectString, sessionTimeoutMs: SESSION_TIMEOUT_MS, timeoutMs: 5000 });
    open.push(client);
    return client;
  };
  const discovery = async (basePath: string) => {
    const d = await ZooKeeperServiceDiscovery.open({ connectString: server.connectString, basePath, sessionTimeoutMs: SESSION_TIMEOUT_MS, timeoutMs: 5000 });
    open.push(d);
    return d;
  };

  beforeAll(async () => {
    server = await startZooKeeper();
  }, 40_000);
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('service discovery contract', () => {
    testServiceDiscoveryContract({
      cell: async (): Promise<DiscoveryCell> => {
        const basePath = `${uniqueCell()}/services`;
        const members: ServiceDiscovery[] = [];
        return {
          join: async () => {
            const m = await discovery(basePath);
            members.push(m);
            return m;
          },
          crash: (m) => asZooKeeper(m).zooKeeper.close(),
          expire: (m) => expireSession(server.connectString, asZooKeeper(m).zooKeeper),
          close: async () => {
            await Promise.allSettled(members.map((m) => m.close()));
          },
        };
      },
    });
  });

  describe('ZooKeeperClient', () => {
    it('creates nodes and parents, reads and writes data, lists and deletes', async () => {
      const zk = await connect();
      const root = uniqueCell();
      await zk.mkdirp(`${root}/a/b`);
      expect(await zk.create(`${root}/a/b/c`, Buffer.from('one'))).toBe(`${root}/a/b/c`);
      expect(await zk.getData(`${root}/a/b/c`)).toEqual(Buffer.from('one'));
      await zk.setData(`${root}/a/b/c`, Buffer.from('two'));
      expect(await zk.getData(`${root}/a/b/c`)).toEqual(Buffer.from('two'));
      expect(await zk.getChildren(`${root}/a/b`)).toEqual(['c']);
      expect(await zk.remove(`${root}/a/b/c`)).toBe(true);
      expect(await zk.remove(`${root}/a/b/c`)).toBe(false);
      expect(await zk.exists(`${root}/a/b/c`)).toBe(false);
      expect(await zk.getData(`${root}/nothing`)).toBeUndefined();
      // A node made by mkdirp holds no data at all (not even an empty array): read as empty, not as missing.
      expect(await zk.getData(`${root}/a`)).toEqual(Buffer.alloc(0));
      expect(await zk.getChildren(`${root}/nothing`)).toBeUndefined();
      await expect(zk.create(`${root}/a`)).rejects.toMatchObject({ name: 'ZooKeeperError', retriable: false, code: -110 });
    });

    it('re-creates a kept ephemeral node in a new session after a forced expiry', async () => {
      const [zk, observer] = [await connect(), await connect()];
      const path = `${uniqueCell()}/services/x/node`;
      await zk.keepEphemeral(path, Buffer.from('data'));
      const firstSession = zk.credentials().id;
      await expireSession(server.connectString, zk);
      await eventually(() => expect(zk.renewals).toBe(1), wait);
      expect(zk.credentials().id.equals(firstSession)).toBe(false);
      await eventually(async () => expect(await observer.getData(path)).toEqual(Buffer.from('data')), wait);
    });

    it('re-arms children and data watches after a forced expiry, telling them the current value', async () => {
      const [zk, other] = [await connect(), await connect()];
      const root = uniqueCell();
      await other.mkdirp(`${root}/kids`);
      const children: (readonly string[] | undefined)[] = [];
      const data: (string | undefined)[] = [];
      await zk.watchChildren(`${root}/kids`, (c) => children.push(c));
      await zk.watchData(`${root}/flag`, (d) => data.push(d?.toString()));
      expect(children).toEqual([[]]);
      expect(data).toEqual([undefined]);
      await expireSession(server.connectString, zk);
      // Changes made while the session is being replaced are reported once the watches are re-armed.
      await other.create(`${root}/kids/k1`);
      await other.create(`${root}/flag`, Buffer.from('up'));
      await eventually(() => expect(children[children.length - 1]).toEqual(['k1']), wait);
      await eventually(() => expect(data[data.length - 1]).toBe('up'), wait);
      // And later changes still fire them.
      await other.create(`${root}/kids/k2`);
      await other.setData(`${root}/flag`, Buffer.from('down'));
      await eventually(() => expect(children[children.length - 1]).toEqual(['k1', 'k2']), wait);
      await eventually(() => expect(data[data.length - 1]).toBe('down'), wait);
      expect(zk.renewals).toBe(1);
    });

    it('rejects with a retriable error when no ZooKeeper answers', async () => {
      const port = await freePort();
      const failure = ZooKeeperClient.connect({ connectString: `127.0.0.1:${port}`, timeoutMs: 1000 });
      await expect(failure).rejects.toBeInstanceOf(ZooKeeperError);
      await expect(failure).rejects.toMatchObject({ retriable: true });
    });
  });

  describe('directory discovery', () => {
    it('lays instances out as Curator does: ephemeral <base>/<service>/<id> holding the instance JSON', async () => {
      const cell = uniqueCell();
      const d = await discovery(`${cell}/services`);
      const { instance } = await d.register({ name: DIRECTORY_SERVICE, address: '127.0.0.1', port: 8883, payload: directoryPayload({ modulus: 1, remainder: 0 }, 8885) });
      const zk = await connect();
      expect(await zk.getChildren(`${cell}/services`)).toEqual([DIRECTORY_SERVICE]);
      expect(await zk.getChildren(`${cell}/services/${DIRECTORY_SERVICE}`)).toEqual([instance.id]);
      const json = JSON.parse((await zk.getData(`${cell}/services/${DIRECTORY_SERVICE}/${instance.id}`))!.toString('utf8'));
      expect(json).toEqual({
        name: DIRECTORY_SERVICE,
        id: instance.id,
        address: '127.0.0.1',
        port: 8883,
        sslPort: null,
        payload: { '@class': 'java.util.HashMap', modulus: '1', remainder: '0', 'streaming.port': '8885', 'thrift.protocol': 'org.apache.thrift.protocol.TCompactProtocol', 'thrift.transport': 'org.apache.thrift.transport.TFramedTransport' },
        registrationTimeUTC: instance.registrationTimeUTC,
        serviceType: 'DYNAMIC',
        uriSpec: null,
      });
      // Ephemeral: it goes with the registering session.
      await d.zooKeeper.close();
      await eventually(async () => expect(await zk.getChildren(`${cell}/services/${DIRECTORY_SERVICE}`)).toEqual([]), wait);
    });

    it('routes finds to one live directory per remainder of a complete modulus, following members as they come and go', async () => {
      const base = `${uniqueCell()}/services`;
      const [even, odd, spare, lonely, egress] = [await discovery(base), await discovery(base), await discovery(base), await discovery(base), await discovery(base)];
      const announce = (d: ServiceDiscovery, modulus: number, remainder: number, port: number) =>
        d.register({ name: DIRECTORY_SERVICE, address: '127.0.0.1', port, payload: directoryPayload({ modulus, remainder }, port + 2) });
      let route: DirectoryRoute | undefined;
      await egress.watch(DIRECTORY_SERVICE, (members) => (route = routeDirectories(members)));
      expect(route).toBeUndefined();
      const e = await announce(even, 2, 0, 9000);
      await announce(lonely, 3, 1, 9100);
      await eventually(() => expect(route).toBeUndefined(), wait);
      const o = await announce(odd, 2, 1, 9010);
      await eventually(() => expect(route?.shards.map((s) => s.id)).toEqual([e.instance.id, o.instance.id]), wait);
      // A replica for remainder 1; the odd directory dies: the replica takes over.
      const r = await announce(spare, 2, 1, 9020);
      await odd.zooKeeper.close();
      await eventually(() => expect(route?.shards.map((s) => s.id)).toEqual([e.instance.id, r.instance.id]), wait);
      // The last instance of remainder 1 leaves: modulus 2 is incomplete, no route (modulus 3 never was complete).
      await r.unregister();
      await eventually(() => expect(route).toBeUndefined(), wait);
      expect(route).toBeUndefined();
    });
  });

  describe('a member killed with SIGKILL', () => {
    /**
     * A separate process announces an instance the way a Java Curator client would (raw node-zookeeper-client,
     * Curator JSON), with a 2 s session, then prints "ready" and waits to be killed.
     */
    const announcer = (basePath: string) => `
      const zk = require('node-zookeeper-client');
      const c = zk.createClient(${JSON.stringify(server.connectString)}, { sessionTimeout: 2000 });
      c.once('connected', () => c.mkdirp(${JSON.stringify(`${basePath}/${DIRECTORY_SERVICE}`)}, (e) => {
        const data = Buffer.from(JSON.stringify({ name: ${JSON.stringify(DIRECTORY_SERVICE)}, id: 'killed', address: '127.0.0.1', port: 8883, sslPort: null,
          payload: { '@class': 'java.util.HashMap', modulus: '1', remainder: '0' }, registrationTimeUTC: Date.now(), serviceType: 'DYNAMIC', uriSpec: null }));
        c.create(${JSON.stringify(`${basePath}/${DIRECTORY_SERVICE}/killed`)}, data, zk.CreateMode.EPHEMERAL, (e2) => { if (e || e2) process.exit(3); console.log('ready'); });
      }));
      c.connect();
      setInterval(() => undefined, 1000);`;

    it('vanishes once its session times out, and watchers are told', async () => {
      const base = `${uniqueCell()}/services`;
      const watcher = await discovery(base);
      const seen: string[][] = [];
      await watcher.watch(DIRECTORY_SERVICE, (members) => seen.push(members.map((m) => m.id)));
      const child = spawn(process.execPath, ['-e', announcer(base)], { env: { ...process.env, NODE_PATH: join(__dirname, '..', '..', 'node_modules') }, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout!.setEncoding('utf8').on('data', (s: string) => s.includes('ready') && resolve());
          child.once('exit', (code) => reject(new Error(`announcer exited with ${code}`)));
        });
        await eventually(() => expect(seen[seen.length - 1]).toEqual(['killed']), wait);
        process.kill(child.pid!, 'SIGKILL');
        await exited;
        // No close was sent: the node goes when the server expires the 2 s session.
        await eventually(() => expect(seen[seen.length - 1]).toEqual([]), { attempts: 150, intervalMs: 50 });
        expect(seen).toEqual([[], ['killed'], []]);
      } finally {
        if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      }
    });
  });

  describe('continuum cell status', () => {
    let dataDir: string;
    beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'continuum-cell-status-'))));
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('lists the live members of a named cell, and forgets a member whose session ended', async () => {
      const name = `t-${randomUUID().slice(0, 8)}`;
      const [a, b] = [await discovery(`/zk/warp/${name}/services`), await discovery(`/zk/warp/${name}/services`)];
      const one = await a.register({ name: DIRECTORY_SERVICE, address: '127.0.0.1', port: 9883, payload: directoryPayload({ modulus: 1, remainder: 0 }, 9885) });
      const two = await b.register({ name: DIRECTORY_SERVICE, address: '127.0.0.1', port: 9893, payload: directoryPayload({ modulus: 1, remainder: 0 }, 9895) });
      const lines = await cellStatusCommand({ zk: server.connectString, cell: name, dataDir });
      expect(lines[0]).toBe(`cell /zk/warp/${name}/services on ZooKeeper ${server.connectString}`);
      expect(lines[1]).toBe(`active ${DIRECTORY_SERVICE} members:`);
      expect(lines.slice(2, 4).sort()).toEqual(
        [
          expect.stringMatching(new RegExp(`^ 127\\.0\\.0\\.1:9883  id ${one.instance.id}  shard 1:0  streaming 9885  since \\S+Z \\(up \\d+s\\)$`)),
          expect.stringMatching(new RegExp(`^ 127\\.0\\.0\\.1:9893  id ${two.instance.id}  shard 1:0  streaming 9895  since `)),
        ].sort(),
      );
      expect(lines[4]).toBe('directory modulus 1: complete, finds are routed');
      await a.zooKeeper.close();
      const after = await cellStatusCommand({ zk: server.connectString, cell: name, dataDir, json: true });
      expect(JSON.parse(after.join('\n')).services).toEqual({ [DIRECTORY_SERVICE]: [two.instance] });
    });

    it('fails with the ZooKeeper address when nothing answers', async () => {
      const port = await freePort();
      await expect(cellStatusCommand({ zk: `127.0.0.1:${port}`, cell: 'prod', dataDir, timeout: '500' })).rejects.toThrow(`cannot connect to ZooKeeper at 127.0.0.1:${port}`);
    });
  });
});
