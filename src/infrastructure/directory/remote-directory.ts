import { systemClock, type Clock } from '../../../domain/ports/clock.js';
import type { Checkpoint } from '../../../domain/ports/checkpoint.js';
import { DIRECTORY_SERVICE, ownsSeries, routeDirectories, shardOfInstance, streamingPortOf } from '../../../domain/ports/directory-shards.js';
import type { SeriesFinder } from '../../../domain/ports/series-finder.js';
import type { ServiceDiscovery, ServiceInstance, ServiceWatch } from '../../../domain/ports/service-discovery.js';
import type { Selector } from '../../../domain/series/selector.js';
import { mergeOrderedSeries } from '../../../domain/series/series-order.js';
import type { Series, SeriesId } from '../../../domain/series/series.js';
import { DirectoryHttpClient, DirectoryRequestError, DirectoryUnavailableError } from './directory-http-client.js';
import { DIRECTORY_SIGNATURE_HEADER, type DirectorySigner } from './directory-signature.js';
import {
  DIRECTORY_APPLIED_PATH,
  DIRECTORY_FIND_PATH,
  decodeAppliedAnswer,
  decodeFindLine,
  encodeAppliedRequest,
  encodeFindRequest,
  encodeGetRequest,
} from './directory-wire.js';

export interface RemoteDirectoryOptions {
  /** Where directory instances announce themselves (ZooKeeper in a cell). */
  readonly discovery: Pick<ServiceDiscovery, 'watch'>;
  /** Signs requests when the cell sets `directory.psk`. */
  readonly signer?: DirectorySigner;
  /** Longest wait for one instance's whole answer, ms. @default 30000 */
  readonly requestTimeoutMs?: number;
  readonly clock?: Clock;
  /** Chooses replicas, [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Receives warnings (an instance that failed and was left out). @default console.warn */
  readonly log?: (message: string) => void;
}

/**
 * The SeriesFinder of egress and ingress in a distributed cell (Warp 10's directory clients, reference §6.2,
 * §12): watches the directory instances announced in service discovery and sends each find to one live
 * instance per remainder of one complete modulus (`routeDirectories`: replicas chosen at random), over HTTP
 * (directory-wire.ts), then merges the shards' answers in the directory order. An instance that fails (down but
 * still announced until its session expires, cut short, 5xx) is left out and the find is routed again, so
 * that a find fails only when no complete set of shards answers: then with a retriable
 * DirectoryUnavailableError (503). A 4xx answer (bad signature…) fails at once with a DirectoryRequestError.
 */
export class RemoteDirectory implements SeriesFinder {
  private readonly http = new DirectoryHttpClient();
  private readonly clock: Clock;
  private readonly log: (message: string) => void;
  private watch: ServiceWatch | undefined;

  private constructor(private readonly options: RemoteDirectoryOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? ((m) => console.warn(m));
  }

  /** Starts watching the directory service; resolves once the current members are known. */
  static async open(options: RemoteDirectoryOptions): Promise<RemoteDirectory> {
    const directory = new RemoteDirectory(options);
    directory.watch = await options.discovery.watch(DIRECTORY_SERVICE, () => undefined);
    return directory;
  }

  /** The directory instances announced now. */
  members(): readonly ServiceInstance[] {
    return this.watch?.members() ?? [];
  }

  async find(selectors: readonly Selector[]): Promise<Series[]> {
    if (selectors.length === 0) return [];
    const body = encodeFindRequest(selectors);
    return this.routed('find series', async (shards) => mergeOrderedSeries(await Promise.all(shards.map((s) => this.ask(s, body)))));
  }

  async get(id: SeriesId): Promise<Series | undefined> {
    const body = encodeGetRequest(id);
    return this.routed(`get series ${id}`, async (shards) => {
      const owner = shards.find((s) => ownsSeries(shardOfInstance(s)!, id))!;
      return (await this.ask(owner, body))[0];
    });
  }

  /**
   * Read your writes on the directories: asks every announced instance (any shard, any replica, so that the
   * next find sees the position wherever it is routed) to wait until it has applied the metadata `position`,
   * within `timeoutMs`. True when every instance that answered has; instances that cannot be reached are left
   * to the find that follows (which routes around them or fails with 503).
   */
  async waitApplied(position: Checkpoint, timeoutMs: number): Promise<boolean> {
    if (position.size === 0) return true;
    const body = encodeAppliedRequest(position, timeoutMs);
    const answers = await Promise.all(
      this.usable().map(async (instance) => {
        try {
          return decodeAppliedAnswer(await this.http.text(this.call(instance, DIRECTORY_APPLIED_PATH, body, timeoutMs + 5000))).covered;
        } catch (error) {
          if (error instanceof DirectoryRequestError) throw error;
          this.log(`directory ${instance.id}: ${(error as Error).message}`);
          return true;
        }
      }),
    );
    return answers.every(Boolean);
  }

  close(): void {
    this.watch?.close();
    this.http.close();
  }

  /** Runs `work` on a route, routing again without the instance that failed, until no complete route remains. */
  private async routed<R>(what: string, work: (shards: readonly ServiceInstance[]) => Promise<R>): Promise<R> {
    const exclude = new Set<string>();
    const reset = new Set<string>();
    let last: unknown;
    for (;;) {
      const route = routeDirectories(this.usable(), { exclude, random: this.options.random });
      if (route === undefined) {
        const why = last === undefined ? 'no complete set of directory shards is announced' : `no complete set of directory shards answered (last: ${(last as Error).message})`;
        throw new DirectoryUnavailableError(`cannot ${what}: ${why}`, { cause: last });
      }
      try {
        return await work(route.shards);
      } catch (error) {
        if (!(error instanceof InstanceFailure)) throw error;
        // A kept-alive connection the instance closed meanwhile: ask it once more on a new one before giving up on it.
        if (isConnectionReset(error.cause) && !reset.has(error.instance.id)) {
          reset.add(error.instance.id);
          continue;
        }
        this.log(`directory ${error.instance.id} at ${error.instance.address}: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}; routing around it`);
        exclude.add(error.instance.id);
        last = error.cause;
      }
    }
  }

  /** Instances announcing an HTTP (streaming) port. */
  private usable(): ServiceInstance[] {
    return this.members().filter((m) => streamingPortOf(m) !== undefined);
  }

  /** One instance's answer; a retriable failure becomes an InstanceFailure naming the instance. */
  private async ask(instance: ServiceInstance, body: string): Promise<Series[]> {
    const found: Series[] = [];
    let end: number | undefined;
    try {
      await this.http.lines(this.call(instance, DIRECTORY_FIND_PATH, body, this.options.requestTimeoutMs ?? 30_000), (line) => {
        const decoded = decodeFindLine(line);
        if ('end' in decoded) end = decoded.end;
        else found.push(decoded.series);
      });
      if (end !== found.length) throw new DirectoryUnavailableError(`answer cut short: ${found.length} series and ${end === undefined ? 'no end line' : `an end line saying ${end}`}`);
    } catch (error) {
      if (error instanceof DirectoryRequestError) throw error;
      throw new InstanceFailure(instance, error);
    }
    return found;
  }

  private call(instance: ServiceInstance, path: string, body: string, timeoutMs: number) {
    const headers: Record<string, string> = {};
    if (this.options.signer) headers[DIRECTORY_SIGNATURE_HEADER] = this.options.signer.sign(path, body, this.clock.nowMs());
    return { host: instance.address, port: streamingPortOf(instance)!, path, body, headers, timeoutMs };
  }
}

class InstanceFailure extends Error {
  constructor(
    readonly instance: ServiceInstance,
    cause: unknown,
  ) {
    super(`directory ${instance.id} failed`, { cause });
  }
}

/** True when the connection was closed under a request (ECONNRESET, EPIPE, "socket hang up"), at any depth of causes. */
function isConnectionReset(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === 'ECONNRESET' || e.code === 'EPIPE' || e.message === 'socket hang up') return true;
  }
  return false;
}
