import { randomUUID } from 'node:crypto';
import type { SubscriptionPublisher } from '../../domain/ports/plasma-subscriptions.js';
import type { SeriesId } from '../../domain/series/series.js';
import { ZooKeeperClient } from '../../src/infrastructure/coordination/zookeeper-client.js';
import { ZooKeeperSubscriptionPublisher } from '../../src/infrastructure/plasma/zookeeper-subscription-publisher.js';
import { ZooKeeperSubscriptionRoutes } from '../../src/infrastructure/plasma/zookeeper-subscription-routes.js';
import { parseSubscriptionZnodeName, subscriptionZnodes, subscriptionZnodeSeries } from '../../src/infrastructure/plasma/zookeeper-subscription-znodes.js';
import { testPlasmaRoutingContract, type PlasmaRoutingCell } from '../contract/plasma-routing.contract.js';
import { eventually } from '../harness/eventually.js';
import { closeSessionFromOutside, startZooKeeper, zooKeeperUnavailable, type ZooKeeperServer } from '../harness/zookeeper-server.js';

const SESSION_TIMEOUT_MS = 4000;
jest.setTimeout(30_000);
const wait = { attempts: 100, intervalMs: 50 };
/** Small znodes, so that the contract's large set spans many of them. */
const MAX_ZNODE_SIZE = 1600;

const id = (n: number) => n.toString(16).padStart(32, '0') as SeriesId;

/** Forces the expiry of the client's session from outside, retrying when the client won the race (see zookeeper.spec.ts). */
async function expireSession(connectString: string, client: ZooKeeperClient): Promise<void> {
  const before = client.renewals;
  for (let attempt = 0; attempt < 15 && client.renewals === before; attempt++) {
    await closeSessionFromOutside(connectString, client.credentials());
    await eventually(() => expect(client.renewals).toBeGreaterThan(before), { attempts: 8, intervalMs: 50 }).catch(() => undefined);
  }
  if (client.renewals === before) throw new Error('could not expire the ZooKeeper session in 15 attempts');
}

const unavailable = zooKeeperUnavailable();
if (unavailable !== undefined) console.warn(`test/int/plasma-zookeeper.spec.ts skipped: ${unavailable}`);
const describeWithZooKeeper = unavailable === undefined ? describe : describe.skip;

describeWithZooKeeper('plasma subscriptions on a real ZooKeeper 3.8 (reference §8.2)', () => {
  let server: ZooKeeperServer;
  const open: { close(): Promise<void> }[] = [];
  const connect = async () => {
    const client = await ZooKeeperClient.connect({ connectString: server.connectString, sessionTimeoutMs: SESSION_TIMEOUT_MS, timeoutMs: 5000 });
    open.push(client);
    return client;
  };
  const uniqueZnode = () => `/zk/warp/t-${randomUUID().slice(0, 8)}/plasma`;

  beforeAll(async () => {
    server = await startZooKeeper();
  }, 40_000);
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('routing contract', () => {
    testPlasmaRoutingContract({
      sessions: true,
      integrity: true,
      cell: async (): Promise<PlasmaRoutingCell> => {
        const znode = uniqueZnode();
        const clients = new Map<SubscriptionPublisher, ZooKeeperClient>();
        return {
          frontEnd: async (topic) => {
            const client = await connect();
            const publisher = new ZooKeeperSubscriptionPublisher(client, { znode, topic, maxZnodeSize: MAX_ZNODE_SIZE }, true);
            clients.set(publisher, client);
            return publisher;
          },
          backEnd: async () => {
            const routes = await ZooKeeperSubscriptionRoutes.open(await connect(), { znode }, true);
            open.push(routes);
            return routes;
          },
          crash: (publisher) => clients.get(publisher)!.close(),
          expire: (publisher) => expireSession(server.connectString, clients.get(publisher)!),
          corrupt: async (topic, series) => {
            const [node] = subscriptionZnodes(topic, new Set(series), randomUUID(), MAX_ZNODE_SIZE);
            const tampered = Buffer.from(node.data);
            tampered[0] ^= 0xff;
            await (await connect()).create(`${znode}/${node.name}`, tampered);
          },
          close: async () => {
            await Promise.allSettled([...clients.keys()].map((p) => p.close()));
          },
        };
      },
    });
  });

  it("writes Warp 10's layout: ephemeral 0.<uuid>.<topic>.<offset>.<hash> znodes of whole ids, then <topic>.<ms> on the parent", async () => {
    const [zk, observer] = [await connect(), await connect()];
    const znode = uniqueZnode();
    const publisher = new ZooKeeperSubscriptionPublisher(zk, { znode, topic: 'plasmafe1', maxZnodeSize: 100, nowMs: () => 1_700_000_000_123 });
    const series = new Set(Array.from({ length: 13 }, (_, i) => id(i + 1)));
    await publisher.publish(series);
    const children = (await observer.getChildren(znode))!;
    expect(children).toHaveLength(3);
    const names = children.map((c) => parseSubscriptionZnodeName(c)!);
    expect(new Set(names.map((n) => n.uuid)).size).toBe(1);
    expect(names.map((n) => n.topic)).toEqual(['plasmafe1', 'plasmafe1', 'plasmafe1']);
    expect(names.map((n) => n.offset).sort((a, b) => a - b)).toEqual([0, 96, 192]);
    const listed: SeriesId[] = [];
    for (const child of children) {
      const path = `${znode}/${child}`;
      const data = (await observer.getData(path))!;
      listed.push(...subscriptionZnodeSeries(parseSubscriptionZnodeName(child)!, data)!);
      const stat = await (await observer.session()).exists(path);
      expect(stat!.ephemeralOwner.equals(zk.credentials().id)).toBe(true);
    }
    expect(listed.sort()).toEqual([...series].sort());
    expect((await observer.getData(znode))!.toString()).toBe('plasmafe1.1700000000123');
  });

  it('deletes the znodes of the previous publication, and publishes none for an empty set', async () => {
    const [zk, observer] = [await connect(), await connect()];
    const znode = uniqueZnode();
    const publisher = new ZooKeeperSubscriptionPublisher(zk, { znode, topic: 'fe', maxZnodeSize: 32 });
    await publisher.publish(new Set([id(1), id(2), id(3)]));
    const first = (await observer.getChildren(znode))!;
    expect(first).toHaveLength(2);
    await publisher.publish(new Set([id(4)]));
    const second = (await observer.getChildren(znode))!;
    expect(second).toHaveLength(1);
    expect(first).not.toContain(second[0]);
    await publisher.publish(new Set());
    expect(await observer.getChildren(znode)).toEqual([]);
    expect((await observer.getData(znode))!.toString()).toMatch(/^fe\.\d+$/);
  });

  it('withdraws its znodes on close and tells the back ends on the parent, as Warp 10 back ends only look there', async () => {
    const [zk, observer] = [await connect(), await connect()];
    const znode = uniqueZnode();
    let now = 1000;
    const publisher = new ZooKeeperSubscriptionPublisher(zk, { znode, topic: 'fe', maxZnodeSize: 1600, nowMs: () => now++ }, true);
    await publisher.publish(new Set([id(1)]));
    expect((await observer.getData(znode))!.toString()).toBe('fe.1000');
    await publisher.close();
    expect(await observer.getChildren(znode)).toEqual([]);
    expect((await observer.getData(znode))!.toString()).toBe('fe.1001');
  });

  it('re-creates the published znodes in the new session after an expiry', async () => {
    const [zk, observer] = [await connect(), await connect()];
    const znode = uniqueZnode();
    const publisher = new ZooKeeperSubscriptionPublisher(zk, { znode, topic: 'fe', maxZnodeSize: 1600 });
    await publisher.publish(new Set([id(1)]));
    const [child] = (await observer.getChildren(znode))!;
    await expireSession(server.connectString, zk);
    await eventually(async () => {
      const stat = await (await observer.session()).exists(`${znode}/${child}`);
      expect(stat?.ephemeralOwner.equals(zk.credentials().id)).toBe(true);
    }, wait);
  });

  it('tells the back end of each new route table, per front end, and of the znodes it ignored', async () => {
    const [zk, other] = [await connect(), await connect()];
    const znode = uniqueZnode();
    const tables: ReadonlyMap<string, number>[] = [];
    const ignored: string[] = [];
    await other.mkdirp(znode);
    await other.create(`${znode}/0.not-a-uuid.fe.0.abc`);
    const routes = await ZooKeeperSubscriptionRoutes.open(zk, { znode, onChange: (t) => tables.push(t), onIgnored: (z) => ignored.push(z) });
    open.push(routes);
    const publisher = new ZooKeeperSubscriptionPublisher(other, { znode, topic: 'fe', maxZnodeSize: 1600 });
    await publisher.publish(new Set([id(1), id(2)]));
    await eventually(() => expect(tables[tables.length - 1]).toEqual(new Map([['fe', 2]])), wait);
    expect(routes.frontEnds()).toEqual(new Map([['fe', 2]]));
    const [node] = subscriptionZnodes('fe', new Set([id(3)]), randomUUID(), 1600);
    await other.create(`${znode}/${node.name}`, Buffer.alloc(16));
    await eventually(() => expect(ignored).toEqual([`${znode}/${node.name}`]), wait);
    expect(routes.frontEndsOf(id(3))).toEqual([]);
  });
});
