import type { ServiceInstance, ServiceWatch } from '../../../domain/ports/service-discovery.js';
import { decodeCuratorInstance } from './curator-instance.js';
import type { NodeWatch, ZooKeeperClient } from './zookeeper-client.js';

const NONE: unique symbol = Symbol('no pending list');

/** Members in a stable order (registration time, then id), which also makes change detection simple. */
export function sortMembers(members: ServiceInstance[]): ServiceInstance[] {
  return members.sort((a, b) => a.registrationTimeUTC - b.registrationTimeUTC || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A watch of one service's members over ZooKeeper: the client's children watch of the service's znode gives the
 * instance names; each new name's data is read once (instances do not change their data; a re-created node of
 * the same name carries the same instance). Lists are resolved one at a time, only the latest pending one; a
 * failed resolution is retried with backoff. `onChange` is called only when the members differ from the last
 * call, and first before `start` resolves.
 */
export class MembersWatch implements ServiceWatch {
  private current: readonly ServiceInstance[] = [];
  private signature: string | undefined;
  private cache = new Map<string, ServiceInstance>();
  private pending: readonly string[] | typeof NONE = NONE;
  private busy = false;
  private closed = false;
  private node: NodeWatch | undefined;
  private first: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  private retry: { timer: NodeJS.Timeout; wake: () => void } | undefined;

  constructor(
    private readonly client: ZooKeeperClient,
    private readonly path: string,
    private readonly onChange: (members: readonly ServiceInstance[]) => void,
    private readonly report: (what: string, error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    const firstDelivery = new Promise<void>((resolve, reject) => (this.first = { resolve, reject }));
    this.node = await this.client.watchChildren(this.path, (children) => this.enqueue(children ?? []));
    try {
      await firstDelivery;
    } catch (error) {
      this.close();
      throw error;
    }
  }

  members(): readonly ServiceInstance[] {
    return this.current;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.node?.close();
    if (this.retry !== undefined) {
      clearTimeout(this.retry.timer);
      this.retry.wake();
    }
  }

  private enqueue(children: readonly string[]): void {
    this.pending = children;
    if (!this.busy) void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    let backoff = 100;
    while (this.pending !== NONE && !this.closed) {
      const children = this.pending;
      this.pending = NONE;
      try {
        this.deliver(await this.resolve(children));
        backoff = 100;
      } catch (error) {
        if (this.first !== undefined) {
          this.first.reject(error);
          this.first = undefined;
          break;
        }
        this.report(`read the members under ${this.path}`, error);
        if (this.pending === NONE) this.pending = children;
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
    this.busy = false;
  }

  private async resolve(children: readonly string[]): Promise<ServiceInstance[]> {
    const next = new Map<string, ServiceInstance>();
    await Promise.all(
      children.map(async (name) => {
        const known = this.cache.get(name) ?? decodeCuratorInstance(await this.client.getData(`${this.path}/${name}`), name);
        // A node gone meanwhile or not an instance is left out, and read again when listed again.
        if (known !== undefined) next.set(name, known);
      }),
    );
    this.cache = next;
    return sortMembers([...next.values()]);
  }

  private deliver(members: ServiceInstance[]): void {
    if (this.closed) return;
    const signature = JSON.stringify(members);
    if (signature !== this.signature) {
      this.signature = signature;
      this.current = members;
      try {
        this.onChange(members);
      } catch (error) {
        this.report(`notify a watcher of ${this.path}`, error);
      }
    }
    this.first?.resolve();
    this.first = undefined;
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        this.retry = undefined;
        resolve();
      };
      this.retry = { timer: setTimeout(wake, ms), wake };
    });
  }
}
