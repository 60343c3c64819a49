import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../../domain/errors.js';
import { systemClock, type Clock } from '../../../domain/ports/clock.js';
import {
  announcedInstance,
  type ServiceAnnouncement,
  type ServiceDiscovery,
  type ServiceInstance,
  type ServiceRegistration,
  type ServiceWatch,
} from '../../../domain/ports/service-discovery.js';
import { decodeCuratorInstance, encodeCuratorInstance } from './curator-instance.js';
import { MembersWatch, sortMembers } from './members-watch.js';
import { ZooKeeperClient, type EphemeralNode, type ZooKeeperClientOptions } from './zookeeper-client.js';
import { NODE_EXISTS, zooKeeperCodeOf } from './zookeeper-error.js';

export interface ZooKeeperDiscoveryOptions {
  /**
   * Znode under which services live (Warp 10 `directory.zk.znode`, e.g. `/zk/warp/prod/services`): an instance is
   * the ephemeral node `<basePath>/<service name>/<instance id>`, as Curator's service discovery lays it out.
   */
  readonly basePath: string;
  readonly clock?: Clock;
  /** Ids of instances registered without one (default: random UUIDs, as Curator). */
  readonly newId?: () => string;
}

/**
 * ServiceDiscovery on ZooKeeper, interoperable with Curator's service discovery (reference §12): Warp 10
 * components registered in the same ZooKeeper are listed, and list us. Registrations are kept ephemeral nodes
 * and watches are standing intentions of a `ZooKeeperClient`, so both survive a session expiry (nodes
 * re-created with the same data, watchers told the members of the new session). Instances' data is read once
 * per node: a Curator `updateService` (data change in place) is not seen, as Warp 10 never does it.
 */
export class ZooKeeperServiceDiscovery implements ServiceDiscovery {
  private readonly registrations = new Set<EphemeralNode>();
  private readonly watches = new Set<MembersWatch>();
  private readonly basePath: string;
  private readonly clock: Clock;
  private readonly newId: () => string;
  private closed = false;

  /**
   * Over `client`; `ownsClient`: `close` closes the client too (else it only withdraws this adapter's
   * registrations and watches).
   */
  constructor(
    readonly zooKeeper: ZooKeeperClient,
    options: ZooKeeperDiscoveryOptions,
    private readonly ownsClient = false,
  ) {
    this.basePath = options.basePath.endsWith('/') && options.basePath.length > 1 ? options.basePath.slice(0, -1) : options.basePath;
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomUUID;
  }

  /** Connects to ZooKeeper (own session) and returns the adapter; rejects (retriable) when ZooKeeper is unreachable. */
  static async open(options: ZooKeeperClientOptions & ZooKeeperDiscoveryOptions): Promise<ZooKeeperServiceDiscovery> {
    return new ZooKeeperServiceDiscovery(await ZooKeeperClient.connect(options), options, true);
  }

  async register(announcement: ServiceAnnouncement): Promise<ServiceRegistration> {
    this.checkOpen();
    const instance = announcedInstance(announcement, this.clock.nowMs(), this.newId);
    const path = `${this.servicePath(instance.name)}/${instance.id}`;
    let node: EphemeralNode;
    try {
      node = await this.zooKeeper.keepEphemeral(path, encodeCuratorInstance(instance));
    } catch (error) {
      if (zooKeeperCodeOf(error) === NODE_EXISTS) throw new ConflictError(`cannot register service instance ${instance.name}/${instance.id}: that id is already registered`, { cause: error });
      throw error;
    }
    this.registrations.add(node);
    return {
      instance,
      unregister: async () => {
        if (!this.registrations.delete(node)) return;
        await node.remove();
      },
    };
  }

  async members(service: string): Promise<readonly ServiceInstance[]> {
    this.checkOpen();
    const path = this.servicePath(service);
    const children = (await this.zooKeeper.getChildren(path)) ?? [];
    const found = await Promise.all(children.map(async (name) => decodeCuratorInstance(await this.zooKeeper.getData(`${path}/${name}`), name)));
    return sortMembers(found.filter((i): i is ServiceInstance => i !== undefined));
  }

  async services(): Promise<readonly string[]> {
    this.checkOpen();
    return ((await this.zooKeeper.getChildren(this.basePath)) ?? []).sort();
  }

  async watch(service: string, onChange: (members: readonly ServiceInstance[]) => void): Promise<ServiceWatch> {
    this.checkOpen();
    const watch = new MembersWatch(this.zooKeeper, this.servicePath(service), onChange, (what, error) => this.zooKeeper.report(what, error));
    await watch.start();
    this.watches.add(watch);
    return {
      members: () => watch.members(),
      close: () => {
        this.watches.delete(watch);
        watch.close();
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.watches) w.close();
    this.watches.clear();
    if (this.ownsClient) {
      await this.zooKeeper.close();
    } else {
      await Promise.allSettled([...this.registrations].map((n) => n.remove()));
    }
    this.registrations.clear();
  }

  private servicePath(service: string): string {
    return `${this.basePath === '/' ? '' : this.basePath}/${service}`;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('cannot use the service discovery: it is closed');
  }
}
