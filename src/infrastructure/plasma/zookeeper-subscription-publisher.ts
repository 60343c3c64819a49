import { randomUUID } from 'node:crypto';
import type { SubscriptionPublisher } from '../../../domain/ports/plasma-subscriptions.js';
import type { SeriesId } from '../../../domain/series/series.js';
import type { EphemeralNode, ZooKeeperClient } from '../coordination/zookeeper-client.js';
import { checkFrontEndTopic, publishedMarker, subscriptionZnodes } from './zookeeper-subscription-znodes.js';

export interface ZooKeeperSubscriptionPublisherOptions {
  /** The subscriptions znode (`plasma.frontend.znode` = back ends' `plasma.backend.subscriptions.znode`). */
  readonly znode: string;
  /** This front end's topic (`plasma.frontend.kafka.topic`): the name back ends route by. */
  readonly topic: string;
  /** `plasma.frontend.maxznodesize`: most id bytes per znode (rounded down to whole 16-byte ids). */
  readonly maxZnodeSize: number;
  /** @default Date.now */
  readonly nowMs?: () => number;
  /** @default randomUUID */
  readonly newUuid?: () => string;
}

/**
 * SubscriptionPublisher on ZooKeeper in Warp 10's layout (reference §8.2), so that Warp 10 back ends and ours read
 * each other's front ends: each publication gets a new uuid; its ids go to EPHEMERAL znodes
 * `<znode>/0.<uuid>.<topic>.<byteOffset>.<hex SipHash>`; the previous publication's znodes are deleted; the
 * subscriptions znode's data is set to `<topic>.<ms>` to wake the back ends.
 *
 * Unlike Warp 10, the new znodes are created BEFORE the old ones are deleted: a back end listing the children at
 * any moment sees at least the old or the new set (a superset for an instant), never a half-withdrawn one.
 * The znodes are kept by the `ZooKeeperClient`: after a session expiry they are re-created with the same data
 * (back ends watching the children see them again); when the process dies they vanish with its session.
 * Failures are `ZooKeeperError`s with a `retriable` flag; a failed publication leaves the previous one in place
 * (its partly created znodes are withdrawn, or deleted by the next successful publication).
 */
export class ZooKeeperSubscriptionPublisher implements SubscriptionPublisher {
  readonly frontEnd: string;
  private readonly znode: string;
  private owned: EphemeralNode[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  /** `ownsClient`: `close` also ends the client's session (else only this publisher's znodes are withdrawn). */
  constructor(
    private readonly client: ZooKeeperClient,
    private readonly options: ZooKeeperSubscriptionPublisherOptions,
    private readonly ownsClient = false,
  ) {
    this.frontEnd = checkFrontEndTopic(options.topic);
    this.znode = options.znode.length > 1 && options.znode.endsWith('/') ? options.znode.slice(0, -1) : options.znode;
    if (!this.znode.startsWith('/')) throw new RangeError(`cannot publish plasma subscriptions under '${options.znode}': a znode path starts with "/"`);
  }

  /** Replaces this front end's published set; resolves once the znodes exist and the back ends were notified. */
  publish(series: ReadonlySet<SeriesId>): Promise<void> {
    const run = this.queue.then(() => this.replace(series));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The number of znodes of the current publication (diagnostics). */
  get znodes(): number {
    return this.owned.length;
  }

  /**
   * Withdraws the published set, tells the back ends (`<topic>.<ms>`: Warp 10's back ends only look on that signal),
   * and ends the session when this publisher owns the client. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    const withdrawn = this.owned;
    this.owned = [];
    await Promise.allSettled(withdrawn.map((n) => n.remove()));
    if (withdrawn.length > 0) await this.client.setData(this.znode, publishedMarker(this.frontEnd, this.now())).catch(() => undefined);
    if (this.ownsClient) await this.client.close();
  }

  private async replace(series: ReadonlySet<SeriesId>): Promise<void> {
    if (this.closed) throw new RangeError('cannot publish plasma subscriptions: the publisher is closed');
    const nodes = subscriptionZnodes(this.frontEnd, series, (this.options.newUuid ?? randomUUID)(), this.options.maxZnodeSize);
    await this.client.mkdirp(this.znode);
    const created = await Promise.allSettled(nodes.map((n) => this.client.keepEphemeral(`${this.znode}/${n.name}`, n.data)));
    const kept = created.filter((c): c is PromiseFulfilledResult<EphemeralNode> => c.status === 'fulfilled').map((c) => c.value);
    const failed = created.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (failed !== undefined) {
      const withdrawn = await Promise.allSettled(kept.map((n) => n.remove()));
      this.owned.push(...kept.filter((_, i) => withdrawn[i].status === 'rejected'));
      throw failed.reason;
    }
    const previous = this.owned;
    this.owned = kept;
    const removed = await Promise.allSettled(previous.map((n) => n.remove()));
    // A node we could not delete now is deleted with the next publication (it stays kept until then).
    this.owned.push(...previous.filter((_, i) => removed[i].status === 'rejected'));
    await this.client.setData(this.znode, publishedMarker(this.frontEnd, this.now()));
  }

  private now(): number {
    return (this.options.nowMs ?? Date.now)();
  }
}
