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
import { sortMembers } from './members-watch.js';

interface Entry {
  readonly instance: ServiceInstance;
  readonly owner: InMemoryServiceDiscovery;
}

interface MemoryWatch {
  readonly service: string;
  readonly owner: InMemoryServiceDiscovery;
  readonly onChange: (members: readonly ServiceInstance[]) => void;
  current: readonly ServiceInstance[];
  signature: string;
  closed: boolean;
}

/**
 * What ZooKeeper holds for one cell, in memory: services and their live instances. Each
 * `InMemoryServiceDiscovery` it opens is one member process with its own session; tests end sessions with
 * `crash` (the process dies) and `expireSession` (the session is lost, the process lives on). Watchers are told
 * asynchronously, as ZooKeeper's would be.
 */
export class InMemoryCoordination {
  private readonly services = new Map<string, Map<string, Entry>>();
  private readonly watches = new Set<MemoryWatch>();

  constructor(private readonly options: { readonly clock?: Clock; readonly newId?: () => string } = {}) {}

  /** A new member process with its own session. */
  open(): InMemoryServiceDiscovery {
    return new InMemoryServiceDiscovery(this, this.options.clock ?? systemClock, this.options.newId ?? randomUUID);
  }

  /** @internal */
  put(owner: InMemoryServiceDiscovery, instance: ServiceInstance): void {
    let service = this.services.get(instance.name);
    if (service === undefined) this.services.set(instance.name, (service = new Map()));
    const existing = service.get(instance.id);
    if (existing !== undefined && existing.owner !== owner) throw new ConflictError(`cannot register service instance ${instance.name}/${instance.id}: that id is already registered`);
    if (existing !== undefined) throw new ConflictError(`cannot register service instance ${instance.name}/${instance.id}: this member already registered it`);
    service.set(instance.id, { instance, owner });
    this.changed(instance.name);
  }

  /** @internal */
  remove(owner: InMemoryServiceDiscovery, name: string, id: string): void {
    const service = this.services.get(name);
    if (service?.get(id)?.owner !== owner) return;
    service.delete(id);
    this.changed(name);
  }

  /** @internal Drops every instance of a member (its session ended). */
  dropSession(owner: InMemoryServiceDiscovery): void {
    for (const [name, service] of this.services) {
      let any = false;
      for (const [id, entry] of service) {
        if (entry.owner === owner) any = service.delete(id);
      }
      if (any) this.changed(name);
    }
  }

  members(service: string): ServiceInstance[] {
    return sortMembers([...(this.services.get(service)?.values() ?? [])].map((e) => e.instance));
  }

  serviceNames(): string[] {
    return [...this.services.keys()].sort();
  }

  /** @internal */
  addWatch(watch: MemoryWatch): void {
    this.watches.add(watch);
  }

  /** @internal Tells a watch the current members if they changed since it was last told. */
  deliver(watch: MemoryWatch): void {
    if (watch.closed || !watch.owner.live) return;
    const members = this.members(watch.service);
    const signature = JSON.stringify(members);
    if (signature === watch.signature) return;
    watch.signature = signature;
    watch.current = members;
    watch.onChange(members);
  }

  /** @internal */
  dropWatch(watch: MemoryWatch): void {
    watch.closed = true;
    this.watches.delete(watch);
  }

  private changed(service: string): void {
    for (const w of this.watches) {
      if (w.service === service) setImmediate(() => this.deliver(w));
    }
  }
}

/** One member process of an in-memory cell: the ServiceDiscovery reference adapter for unit tests. */
export class InMemoryServiceDiscovery implements ServiceDiscovery {
  private readonly registrations = new Map<string, ServiceInstance>();
  private readonly watches = new Set<MemoryWatch>();
  private state: 'live' | 'expired' | 'closed' = 'live';

  /** @internal use InMemoryCoordination.open */
  constructor(
    private readonly cell: InMemoryCoordination,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  /** Whether its session is up (watches of a member without a session are not told anything). */
  get live(): boolean {
    return this.state === 'live';
  }

  async register(announcement: ServiceAnnouncement): Promise<ServiceRegistration> {
    this.checkOpen();
    const instance = announcedInstance(announcement, this.clock.nowMs(), this.newId);
    const key = `${instance.name}/${instance.id}`;
    if (this.registrations.has(key)) throw new ConflictError(`cannot register service instance ${key}: this member already registered it`);
    // Without a session (expired), the instance is announced when the new session opens.
    if (this.state === 'live') this.cell.put(this, instance);
    this.registrations.set(key, instance);
    return {
      instance,
      unregister: async () => {
        if (this.registrations.get(key) !== instance) return;
        this.registrations.delete(key);
        this.cell.remove(this, instance.name, instance.id);
      },
    };
  }

  async members(service: string): Promise<readonly ServiceInstance[]> {
    this.checkOpen();
    return this.cell.members(service);
  }

  async services(): Promise<readonly string[]> {
    this.checkOpen();
    return this.cell.serviceNames();
  }

  async watch(service: string, onChange: (members: readonly ServiceInstance[]) => void): Promise<ServiceWatch> {
    this.checkOpen();
    const watch: MemoryWatch = { service, owner: this, onChange, current: [], signature: '', closed: false };
    this.watches.add(watch);
    this.cell.addWatch(watch);
    watch.current = this.cell.members(service);
    watch.signature = JSON.stringify(watch.current);
    onChange(watch.current);
    return {
      members: () => watch.current,
      close: () => {
        this.watches.delete(watch);
        this.cell.dropWatch(watch);
      },
    };
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.end();
  }

  /** Simulates the death of the process: its session ends, its instances vanish, the adapter is unusable. */
  crash(): void {
    this.end();
  }

  /**
   * Simulates a session expiry while the process lives on: its instances vanish (others are told), then, on
   * the next turn of the event loop, a new session announces them again and its watches are told the members.
   */
  async expireSession(): Promise<void> {
    if (this.state !== 'live') return;
    this.state = 'expired';
    this.cell.dropSession(this);
    await new Promise((resolve) => setImmediate(resolve));
    if (this.state !== 'expired') return;
    this.state = 'live';
    for (const instance of this.registrations.values()) this.cell.put(this, instance);
    for (const w of this.watches) this.cell.deliver(w);
  }

  private end(): void {
    this.state = 'closed';
    for (const w of this.watches) this.cell.dropWatch(w);
    this.watches.clear();
    this.registrations.clear();
    this.cell.dropSession(this);
  }

  private checkOpen(): void {
    if (this.state === 'closed') throw new Error('cannot use the service discovery: it is closed');
  }
}
