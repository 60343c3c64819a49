import { childrenReader, dataReader, sameChildren, sameData, WatchIntention, type NodeWatch, type WatchHost } from './node-watch.js';
import { isSessionLoss, NODE_EXISTS, zooKeeperCodeOf, ZooKeeperError, zooKeeperError } from './zookeeper-error.js';
import { ZooKeeperSession, type CreateMode, type SessionOptions } from './zookeeper-session.js';

export type { NodeWatch } from './node-watch.js';
export type { CreateMode } from './zookeeper-session.js';

export interface ZooKeeperClientOptions {
  /** `host:port[,host:port…][/chroot]` (Warp 10 `*.zk.quorum`). */
  readonly connectString: string;
  /** Requested session timeout, ms (default 10000): how long after a crash our ephemeral nodes linger. */
  readonly sessionTimeoutMs?: number;
  /** Longest wait for a session to open and for one call to be answered, ms (default 15000). */
  readonly timeoutMs?: number;
  /** Told of session changes and of failures the client retries by itself (for logs and metrics). */
  readonly onEvent?: (event: ZooKeeperClientEvent) => void;
}

export type ZooKeeperClientEvent =
  | { readonly type: 'expired'; readonly sessionId: string }
  | { readonly type: 'renewed'; readonly sessionId: string }
  | { readonly type: 'error'; readonly what: string; readonly error: Error };

/** An ephemeral node this client keeps: re-created after every session expiry until removed. */
export interface EphemeralNode {
  readonly path: string;
  /** Deletes the node and stops re-creating it. Idempotent. */
  remove(): Promise<void>;
}

const MAX_ATTEMPTS = 5;

/**
 * A ZooKeeper client that survives session expiry. node-zookeeper-client reconnects within a session by
 * itself (ephemeral nodes and watches survive); when the server expires the session — after a network
 * partition longer than the session timeout, or forced — that client is dead. This one then opens a new session,
 * re-creates the ephemeral nodes its callers asked it to keep and re-arms their watches (telling each watcher the
 * then current value). Callers therefore register intentions (`keepEphemeral`, `watchChildren`, `watchData`),
 * not one-off calls. Plain calls wait for a new session and are retried (up to 5 times) on connection or
 * session loss; errors are `ZooKeeperError`s with a `retriable` flag.
 */
export class ZooKeeperClient implements WatchHost {
  private current: ZooKeeperSession;
  private renewal: Promise<ZooKeeperSession> | undefined;
  private closed = false;
  private readonly ephemerals = new Map<string, Buffer>();
  private readonly watches = new Set<WatchIntention<unknown>>();
  private readonly sleepers = new Set<() => void>();
  /** Sessions opened to replace expired ones. */
  renewals = 0;

  private constructor(
    private readonly options: SessionOptions,
    private readonly onEvent: ((event: ZooKeeperClientEvent) => void) | undefined,
    first: ZooKeeperSession,
  ) {
    this.current = first;
    this.adopt(first);
  }

  /** Connects; rejects (retriable) when no session opens within the timeout. */
  static async connect(options: ZooKeeperClientOptions): Promise<ZooKeeperClient> {
    const session: SessionOptions = { connectString: options.connectString, sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000, timeoutMs: options.timeoutMs ?? 15_000 };
    return new ZooKeeperClient(session, options.onEvent, await ZooKeeperSession.open(session));
  }

  get connectString(): string {
    return this.options.connectString;
  }

  /** The current session (waits for a new one while an expired one is being replaced). */
  session(): Promise<ZooKeeperSession> {
    if (this.closed) return Promise.reject(closedError());
    return this.renewal ?? Promise.resolve(this.current);
  }

  /**
   * Creates a node (parent must exist); resolves with its path (sequential modes add a suffix). A create retried
   * after a connection loss may find the node it created itself and reject with code -110 (node exists).
   */
  create(path: string, data: Buffer = Buffer.alloc(0), mode: CreateMode = 'persistent'): Promise<string> {
    return this.run(`create ${path}`, (s) => s.create(path, data, mode));
  }

  /** Creates the node and its missing ancestors (persistent, empty); existing ones are left alone. */
  mkdirp(path: string): Promise<void> {
    return this.run(`create ${path}`, (s) => s.mkdirp(path));
  }

  async exists(path: string): Promise<boolean> {
    return (await this.run(`read ${path}`, (s) => s.exists(path))) !== undefined;
  }

  /** The node's data; undefined when it does not exist. */
  getData(path: string): Promise<Buffer | undefined> {
    return this.run(`read ${path}`, (s) => s.getData(path));
  }

  setData(path: string, data: Buffer): Promise<void> {
    return this.run(`write ${path}`, (s) => s.setData(path, data));
  }

  /** Deletes the node (it must have no children); false when it did not exist. */
  remove(path: string): Promise<boolean> {
    return this.run(`delete ${path}`, (s) => s.remove(path));
  }

  /** Names of the node's children; undefined when it does not exist. */
  getChildren(path: string): Promise<string[] | undefined> {
    return this.run(`list ${path}`, (s) => s.getChildren(path));
  }

  /**
   * Creates an ephemeral node (and its missing parents) and keeps it: after a session expiry it is created again
   * with the same data. Rejects when the node exists and belongs to another session.
   */
  async keepEphemeral(path: string, data: Buffer): Promise<EphemeralNode> {
    if (this.ephemerals.has(path)) throw new ZooKeeperError(`cannot create ${path}: this client already keeps it`, { retriable: false, code: NODE_EXISTS });
    this.ephemerals.set(path, data);
    try {
      await this.run(`create ${path}`, (s) => this.createEphemeral(s, path, data, false));
    } catch (error) {
      this.ephemerals.delete(path);
      throw error;
    }
    return {
      path,
      remove: async () => {
        if (this.ephemerals.get(path) !== data) return;
        this.ephemerals.delete(path);
        if (!this.closed) await this.remove(path);
      },
    };
  }

  /** Tells `onChange` the node's sorted children (undefined: no node) now and after every change, across sessions. */
  watchChildren(path: string, onChange: (children: readonly string[] | undefined) => void): Promise<NodeWatch> {
    return this.startWatch(new WatchIntention(this, path, childrenReader, sameChildren, onChange));
  }

  /** Tells `onChange` the node's data (undefined: no node) now and after every change, across sessions. */
  watchData(path: string, onChange: (data: Buffer | undefined) => void): Promise<NodeWatch> {
    return this.startWatch(new WatchIntention(this, path, dataReader, sameData, onChange));
  }

  /** Id and password of the current session (tests expire it from another connection with them). */
  credentials(): { id: Buffer; password: Buffer } {
    return this.current.credentials();
  }

  /** Ends the session: kept ephemeral nodes vanish, watches stop. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.watches]) w.close();
    for (const wake of this.sleepers) wake();
    this.ephemerals.clear();
    await this.current.close();
  }

  /** @internal for watches: reports a failure the client or a watch retries by itself. */
  report(what: string, error: unknown): void {
    this.onEvent?.({ type: 'error', what, error: error instanceof Error ? error : new Error(String(error)) });
  }

  /** @internal for watches. */
  forget(watch: WatchIntention<unknown>): void {
    this.watches.delete(watch);
  }

  private async startWatch<T>(watch: WatchIntention<T>): Promise<NodeWatch> {
    const w = watch as WatchIntention<unknown>;
    this.watches.add(w);
    try {
      await watch.start();
    } catch (error) {
      w.close();
      throw zooKeeperError(`watch ${watch.path}`, error);
    }
    return watch;
  }

  private async run<T>(what: string, op: (s: ZooKeeperSession) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const s = await this.session();
      try {
        return await op(s);
      } catch (error) {
        if (this.closed || !isSessionLoss(error) || attempt >= MAX_ATTEMPTS) throw zooKeeperError(what, error);
        await this.sleep(100 * 2 ** attempt);
      }
    }
  }

  private async createEphemeral(s: ZooKeeperSession, path: string, data: Buffer, replace: boolean): Promise<void> {
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (parent.length > 0) await s.mkdirp(parent);
    try {
      await s.create(path, data, 'ephemeral');
      return;
    } catch (error) {
      if (zooKeeperCodeOf(error) !== NODE_EXISTS) throw error;
    }
    const stat = await s.exists(path);
    // Ours already: a create retried after a connection loss had gone through.
    if (stat !== undefined && stat.ephemeralOwner.equals(s.credentials().id)) return s.setData(path, data);
    if (!replace) throw new ZooKeeperError(`cannot create ${path}: it exists and belongs to another session`, { retriable: false, code: NODE_EXISTS });
    // As Curator does on re-registration: delete and create, so that watchers see the change.
    await s.remove(path);
    await s.create(path, data, 'ephemeral');
  }

  private adopt(s: ZooKeeperSession): void {
    this.current = s;
    s.onExpired(() => this.onExpired(s));
  }

  private onExpired(s: ZooKeeperSession): void {
    if (this.closed || s !== this.current || this.renewal !== undefined) return;
    this.onEvent?.({ type: 'expired', sessionId: s.idHex() });
    void s.close();
    this.renewal = this.renew();
    this.renewal.catch(() => undefined);
  }

  private async renew(): Promise<ZooKeeperSession> {
    let delay = 100;
    for (;;) {
      if (this.closed) throw closedError();
      try {
        const s = await ZooKeeperSession.open(this.options);
        if (this.closed) {
          await s.close();
          throw closedError();
        }
        this.adopt(s);
        this.renewal = undefined;
        this.renewals++;
        this.onEvent?.({ type: 'renewed', sessionId: s.idHex() });
        void this.restore(s);
        return s;
      } catch (error) {
        if (this.closed) throw closedError();
        this.report('open a new ZooKeeper session', error);
        await this.sleep(delay);
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  /** Re-creates the kept ephemeral nodes on a new session, then re-arms every watch. */
  private async restore(s: ZooKeeperSession): Promise<void> {
    await Promise.all([...this.ephemerals].map(([path, data]) => this.restoreEphemeral(s, path, data)));
    for (const w of this.watches) w.refresh();
  }

  private async restoreEphemeral(s: ZooKeeperSession, path: string, data: Buffer): Promise<void> {
    for (let delay = 100; !this.closed && s === this.current && this.ephemerals.get(path) === data; delay = Math.min(delay * 2, 5000)) {
      try {
        await this.createEphemeral(s, path, data, true);
        // Removed while we were re-creating it: take it away again.
        if (this.ephemerals.get(path) !== data) await s.remove(path);
        return;
      } catch (error) {
        this.report(`re-create ${path}`, error);
        await this.sleep(delay);
      }
    }
  }

  /** Waits `ms`, or less when the client closes. */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}

function closedError(): ZooKeeperError {
  return new ZooKeeperError('cannot use the ZooKeeper client: it is closed', { retriable: false });
}
