import type { SubscriptionRoutes } from '../../../domain/ports/plasma-subscriptions.js';
import type { SeriesId } from '../../../domain/series/series.js';
import type { NodeWatch, ZooKeeperClient } from '../coordination/zookeeper-client.js';
import { parseSubscriptionZnodeName, subscriptionZnodeSeries, type SubscriptionZnodeName } from './zookeeper-subscription-znodes.js';

export interface ZooKeeperSubscriptionRoutesOptions {
  /** The subscriptions znode (`plasma.backend.subscriptions.znode`); created when missing, as Warp 10 does. */
  readonly znode: string;
  /** Told of the first route table and of every one that differs (logs): the front ends and how many series each subscribed. */
  readonly onChange?: (frontEnds: ReadonlyMap<string, number>) => void;
  /** Told of znodes ignored because their integrity check failed. @default nothing */
  readonly onIgnored?: (znode: string) => void;
}

/** A znode read once: its name and data never change together (the name carries the data's hash). */
type Entry = { readonly topic: string; readonly ids: readonly SeriesId[] } | 'ignored';

const NO_FRONT_ENDS: readonly string[] = Object.freeze([]);

/**
 * SubscriptionRoutes on ZooKeeper (reference §8.2). Warp 10's back end watches the subscriptions znode's data
 * (front ends set it to `<topic>.<ms>` after each publication), so it keeps routing to a dead front end until
 * another one publishes. This one watches the znode's CHILDREN instead: every publication changes them (new uuid,
 * new names), and a front end's death (its ephemeral znodes vanish with its session) is seen at once. Every
 * change lists the children, reads new znodes once
 * (name → data never changes), drops znodes whose hash fails, and swaps in a new series → front ends map that
 * `frontEndsOf` reads synchronously. Rebuilds are serialised (changes during one cause one more); failed reads
 * are retried with backoff. Watches survive session expiry (the client re-arms them).
 */
export class ZooKeeperSubscriptionRoutes implements SubscriptionRoutes {
  private routes = new Map<SeriesId, readonly string[]>();
  private perFrontEnd: ReadonlyMap<string, number> = new Map();
  private cache = new Map<string, Entry>();
  private watches: NodeWatch[] = [];
  private dirty = false;
  private busy = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs = 0;
  private rebuilds = 0;
  private readonly znode: string;

  private constructor(
    private readonly client: ZooKeeperClient,
    private readonly options: ZooKeeperSubscriptionRoutesOptions,
    private readonly ownsClient: boolean,
  ) {
    this.znode = options.znode.length > 1 && options.znode.endsWith('/') ? options.znode.slice(0, -1) : options.znode;
  }

  /**
   * Starts watching and resolves once the routes of the front ends published now are known. `ownsClient`: `close`
   * ends the client's session too. Rejects (retriable) when ZooKeeper cannot be read.
   */
  static async open(client: ZooKeeperClient, options: ZooKeeperSubscriptionRoutesOptions, ownsClient = false): Promise<ZooKeeperSubscriptionRoutes> {
    const routes = new ZooKeeperSubscriptionRoutes(client, options, ownsClient);
    await client.mkdirp(routes.znode);
    await routes.rebuild();
    routes.watches.push(await client.watchChildren(routes.znode, () => routes.refresh()));
    return routes;
  }

  frontEndsOf(series: SeriesId): readonly string[] {
    return this.routes.get(series) ?? NO_FRONT_ENDS;
  }

  /** The front ends routed to, with the number of series each subscribed (diagnostics, metrics). */
  frontEnds(): ReadonlyMap<string, number> {
    return this.perFrontEnd;
  }

  /** Route tables built since opening (diagnostics, tests). */
  get updates(): number {
    return this.rebuilds;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const w of this.watches) w.close();
    if (this.ownsClient) await this.client.close();
  }

  private refresh(): void {
    if (this.closed) return;
    if (this.busy) {
      this.dirty = true;
      return;
    }
    this.busy = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    do {
      this.dirty = false;
      try {
        await this.rebuild();
        this.backoffMs = 0;
      } catch (error) {
        if (this.closed) break;
        this.client.report(`read the plasma subscriptions under ${this.znode}`, error);
        this.busy = false;
        this.backoffMs = Math.min(5000, this.backoffMs === 0 ? 100 : this.backoffMs * 2);
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.refresh(), this.backoffMs);
        return;
      }
    } while (this.dirty && !this.closed);
    this.busy = false;
  }

  private async rebuild(): Promise<void> {
    const children = (await this.client.getChildren(this.znode)) ?? [];
    const next = new Map<string, Entry>();
    await Promise.all(children.map(async (child) => {
      const entry = this.cache.get(child) ?? (await this.read(child));
      if (entry !== undefined) next.set(child, entry);
    }));
    if (this.closed) return;
    this.cache = next;
    const routes = new Map<SeriesId, string[]>();
    const counts = new Map<string, Set<SeriesId>>();
    for (const entry of next.values()) {
      if (entry === 'ignored') continue;
      let seen = counts.get(entry.topic);
      if (seen === undefined) counts.set(entry.topic, (seen = new Set()));
      for (const id of entry.ids) {
        seen.add(id);
        const list = routes.get(id);
        if (list === undefined) routes.set(id, [entry.topic]);
        else if (!list.includes(entry.topic)) list.push(entry.topic);
      }
    }
    for (const list of routes.values()) Object.freeze(list.sort());
    this.routes = routes;
    const previous = this.perFrontEnd;
    this.perFrontEnd = new Map([...counts].map(([topic, ids]) => [topic, ids.size]));
    this.rebuilds++;
    if (this.rebuilds === 1 || !sameCounts(previous, this.perFrontEnd)) this.options.onChange?.(this.perFrontEnd);
  }

  /** Reads a child once; undefined when it vanished meanwhile (read again if listed again). */
  private async read(child: string): Promise<Entry | undefined> {
    const name: SubscriptionZnodeName | undefined = parseSubscriptionZnodeName(child);
    if (name === undefined) return 'ignored';
    const data = await this.client.getData(`${this.znode}/${child}`);
    if (data === undefined) return undefined;
    const ids = subscriptionZnodeSeries(name, data);
    if (ids === undefined) {
      this.options.onIgnored?.(`${this.znode}/${child}`);
      return 'ignored';
    }
    return { topic: name.topic, ids };
  }
}

function sameCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [topic, n] of a) if (b.get(topic) !== n) return false;
  return true;
}
