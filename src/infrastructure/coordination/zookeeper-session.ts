import zookeeper, { type Client, type Event, type Exception, type Stat } from 'node-zookeeper-client';
import { ZooKeeperError, zooKeeperError } from './zookeeper-error.js';

/** How a znode outlives its creator: `ephemeral` nodes go with the session that created them. */
export type CreateMode = 'persistent' | 'ephemeral' | 'persistent-sequential' | 'ephemeral-sequential';

const MODES: Record<CreateMode, number> = {
  persistent: zookeeper.CreateMode.PERSISTENT,
  ephemeral: zookeeper.CreateMode.EPHEMERAL,
  'persistent-sequential': zookeeper.CreateMode.PERSISTENT_SEQUENTIAL,
  'ephemeral-sequential': zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
};

const NO_NODE = zookeeper.Exception.NO_NODE;

/** A one-shot watcher, as node-zookeeper-client calls it. */
export type Watcher = (event: Event) => void;

export interface SessionOptions {
  /** `host:port[,host:port…][/chroot]`. */
  readonly connectString: string;
  /** Requested session timeout, ms (the server bounds it to [2, 20] × its tickTime). */
  readonly sessionTimeoutMs: number;
  /** Longest wait for the session to open, and for any one call to be answered. */
  readonly timeoutMs: number;
  /** Re-attach to an existing session (tests use it to expire a session from outside). */
  readonly sessionId?: Buffer;
  readonly sessionPassword?: Buffer;
}

/** The socket node-zookeeper-client keeps privately; destroyed when a close is not answered in time. */
interface WithSocket {
  readonly connectionManager?: { readonly socket?: { destroy(): void } };
}

/**
 * One ZooKeeper session: a connected node-zookeeper-client `Client` with promise-returning calls, each bounded by
 * `timeoutMs` (the client queues calls while disconnected and never answers those queued when the session then
 * expires). Within a session the client reconnects by itself and keeps its watches; when the session expires
 * the object is dead — `ZooKeeperClient` opens a new one and re-establishes what its callers asked for.
 */
export class ZooKeeperSession {
  private expiredListener: (() => void) | undefined;
  private dead = false;

  private constructor(
    private readonly raw: Client,
    private readonly timeoutMs: number,
  ) {
    raw.on('expired', () => {
      this.dead = true;
      this.expiredListener?.();
    });
  }

  /** Opens a session; rejects (retriable) when none opens within `timeoutMs`, (not retriable) when a re-attached session has expired. */
  static open(options: SessionOptions): Promise<ZooKeeperSession> {
    const raw = zookeeper.createClient(options.connectString, {
      sessionTimeout: options.sessionTimeoutMs,
      spinDelay: 200,
      retries: 0,
      ...(options.sessionId === undefined ? {} : { sessionId: options.sessionId, sessionPassword: options.sessionPassword }),
    } as Parameters<typeof zookeeper.createClient>[1]);
    return new Promise<ZooKeeperSession>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        void closeRaw(raw, 1000);
        reject(new ZooKeeperError(`cannot connect to ZooKeeper at ${options.connectString}: no session within ${options.timeoutMs} ms`, { retriable: true, code: zookeeper.Exception.OPERATION_TIMEOUT }));
      }, options.timeoutMs);
      const onConnected = () => {
        cleanup();
        resolve(new ZooKeeperSession(raw, options.timeoutMs));
      };
      const onExpired = () => {
        cleanup();
        void closeRaw(raw, 1000);
        reject(new ZooKeeperError(`cannot connect to ZooKeeper at ${options.connectString}: session expired`, { retriable: false, code: zookeeper.Exception.SESSION_EXPIRED }));
      };
      const cleanup = () => {
        clearTimeout(timer);
        raw.removeListener('connected', onConnected);
        raw.removeListener('expired', onExpired);
      };
      raw.once('connected', onConnected);
      raw.once('expired', onExpired);
      raw.connect();
    });
  }

  /** Called once, when the server says the session has expired. */
  onExpired(listener: () => void): void {
    this.expiredListener = listener;
    if (this.dead) listener();
  }

  get expired(): boolean {
    return this.dead;
  }

  /** Session id (8 bytes) and password (16 bytes): whoever holds them can re-attach to the session. */
  credentials(): { id: Buffer; password: Buffer } {
    return { id: this.raw.getSessionId(), password: this.raw.getSessionPassword() };
  }

  /** Session id as ZooKeeper prints it (`0x…`), e.g. to compare with a node's ephemeralOwner. */
  idHex(): string {
    return `0x${this.raw.getSessionId().toString('hex')}`;
  }

  /** Ends the session (its ephemeral nodes vanish at once). Gives up on an unanswered close after `timeoutMs`. */
  async close(timeoutMs = this.timeoutMs): Promise<void> {
    this.expiredListener = undefined;
    if (this.dead) {
      this.raw.removeAllListeners();
      return;
    }
    this.dead = true;
    await closeRaw(this.raw, timeoutMs);
  }

  create(path: string, data: Buffer, mode: CreateMode): Promise<string> {
    return this.call(`create ${path}`, (cb) => this.raw.create(path, data, MODES[mode], cb));
  }

  /** Creates the node and its missing ancestors (persistent, empty). */
  async mkdirp(path: string): Promise<void> {
    await this.call<string>(`create ${path}`, (cb) => this.raw.mkdirp(path, cb));
  }

  /** The node's stat, or undefined when it does not exist. A watcher fires on its creation, change or deletion. */
  exists(path: string, watcher?: Watcher): Promise<Stat | undefined> {
    // node-zookeeper-client answers a missing node with a null stat, not an error.
    return this.call<Stat | null>(`read ${path}`, (cb) => (watcher ? this.raw.exists(path, watcher, cb) : this.raw.exists(path, cb)), true).then((stat) => stat ?? undefined);
  }

  /** The node's data (empty buffer for none), or undefined when it does not exist. */
  getData(path: string, watcher?: Watcher): Promise<Buffer | undefined> {
    // A node holding no data comes back as null or undefined data (by client version): an empty buffer here, so
    // that undefined only ever means "no such node" (NO_NODE, mapped by call).
    return this.call<Buffer>(`read ${path}`, (cb) => {
      const done = (error: Error | Exception | null, data: Buffer | null | undefined) => cb(error, data ?? Buffer.alloc(0));
      if (watcher) this.raw.getData(path, watcher, done);
      else this.raw.getData(path, done);
    }, true);
  }

  async setData(path: string, data: Buffer): Promise<void> {
    await this.call<Stat>(`write ${path}`, (cb) => this.raw.setData(path, data, cb));
  }

  /** Deletes the node; false when it did not exist. */
  async remove(path: string): Promise<boolean> {
    const r = await this.call<true>(`delete ${path}`, (cb) => this.raw.remove(path, (e) => cb(e, true)), true);
    return r === true;
  }

  /** The node's children's names, or undefined when it does not exist. */
  getChildren(path: string, watcher?: Watcher): Promise<string[] | undefined> {
    return this.call(`list ${path}`, (cb) => (watcher ? this.raw.getChildren(path, watcher, cb) : this.raw.getChildren(path, cb)), true);
  }

  private call<T>(what: string, start: (cb: (error: unknown, result: T) => void) => void, absentIsUndefined: true): Promise<T | undefined>;
  private call<T>(what: string, start: (cb: (error: unknown, result: T) => void) => void): Promise<T>;
  private call<T>(what: string, start: (cb: (error: unknown, result: T) => void) => void, absentIsUndefined = false): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        reject(new ZooKeeperError(`cannot ${what}: no answer within ${this.timeoutMs} ms`, { retriable: true, code: zookeeper.Exception.OPERATION_TIMEOUT }));
      }, this.timeoutMs);
      start((error, result) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (!error) resolve(result);
        else if (absentIsUndefined && (error as { code?: number }).code === NO_NODE) resolve(undefined);
        else reject(zooKeeperError(what, error));
      });
    });
  }
}

/** Closes a client; when the server does not answer in time (it is down), drops the socket so nothing lingers. */
function closeRaw(raw: Client, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      raw.removeAllListeners();
      resolve();
    };
    const timer = setTimeout(() => {
      (raw as unknown as WithSocket).connectionManager?.socket?.destroy();
      finish();
    }, timeoutMs);
    raw.once('disconnected', finish);
    raw.close();
  });
}
