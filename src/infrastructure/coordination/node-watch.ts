import type { Watcher, ZooKeeperSession } from './zookeeper-session.js';

/** A standing watch of a znode. */
export interface NodeWatch {
  /** Stops notifications. Idempotent. */
  close(): void;
}

/** Reads a node on a session, arming `watcher`; undefined when the node does not exist. */
export type NodeReader<T> = (session: ZooKeeperSession, path: string, watcher: Watcher) => Promise<T | undefined>;

/** What a watch needs from its client: the session to read on, and where to report failures it retries. */
export interface WatchHost {
  session(): Promise<ZooKeeperSession>;
  report(what: string, error: unknown): void;
  forget(watch: WatchIntention<unknown>): void;
}

const NOTHING: unique symbol = Symbol('nothing delivered yet');
const MAX_BACKOFF_MS = 5000;

/**
 * The intention "keep me told of this node's value" (its children, or its data). ZooKeeper watches fire once;
 * this re-reads the node and re-arms the watch after each firing, on whatever session is current, and is
 * refreshed by its client after a new session replaces an expired one. A missing node is watched for its
 * creation. Reads are serialised (a firing during a read causes one more read, never two concurrent ones),
 * listeners are only called when the value changed, in order, and failed reads are retried with backoff.
 */
export class WatchIntention<T> implements NodeWatch {
  private readonly watcher: Watcher = () => this.refresh();
  private last: T | undefined | typeof NOTHING = NOTHING;
  private running = false;
  private dirty = false;
  private closed = false;
  private backoffMs = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: WatchHost,
    readonly path: string,
    private readonly read: NodeReader<T>,
    private readonly same: (a: T | undefined, b: T | undefined) => boolean,
    private readonly onChange: (value: T | undefined) => void,
  ) {}

  /** First read: delivers the current value (undefined: no node) before resolving; rejects when it cannot read. */
  async start(): Promise<void> {
    this.running = true;
    try {
      await this.loop();
    } finally {
      this.running = false;
    }
  }

  /** Reads the node again (after a watch fired, or a new session), unless a read is under way: then once more after it. */
  refresh(): void {
    if (this.closed) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    this.loop().then(
      () => {
        this.running = false;
        this.backoffMs = 0;
      },
      (error: unknown) => {
        this.running = false;
        if (this.closed) return;
        this.host.report(`watch ${this.path}`, error);
        this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs === 0 ? 100 : this.backoffMs * 2);
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.refresh(), this.backoffMs);
      },
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.host.forget(this as WatchIntention<unknown>);
  }

  private async loop(): Promise<void> {
    do {
      this.dirty = false;
      const session = await this.host.session();
      const value = await this.readOnce(session);
      if (this.closed) return;
      if (this.last === NOTHING || !this.same(this.last, value)) {
        this.last = value;
        try {
          this.onChange(value);
        } catch (error) {
          this.host.report(`notify the watcher of ${this.path}`, error);
        }
      }
    } while (this.dirty && !this.closed);
  }

  private async readOnce(session: ZooKeeperSession): Promise<T | undefined> {
    for (;;) {
      const value = await this.read(session, this.path, this.watcher);
      if (value !== undefined) return value;
      // No node: watch for its creation; if it appeared in between, read it.
      if ((await session.exists(this.path, this.watcher)) === undefined) return undefined;
    }
  }
}

/** Reads a node's children (sorted). */
export const childrenReader: NodeReader<readonly string[]> = async (session, path, watcher) => (await session.getChildren(path, watcher))?.sort();

/** Reads a node's data. */
export const dataReader: NodeReader<Buffer> = (session, path, watcher) => session.getData(path, watcher);

export function sameChildren(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

export function sameData(a: Buffer | undefined, b: Buffer | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.equals(b);
}
