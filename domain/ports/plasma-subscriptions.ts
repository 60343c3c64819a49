import type { SeriesId } from '../series/series.js';

/**
 * The front end's side of plasma routing (reference §8.2): it publishes the whole set of series its sessions
 * subscribe to, and back ends forward a series' datapoints only to the front ends that published it.
 *
 * Implementers (ZooKeeper: ephemeral znodes `0.<uuid>.<topic>.<offset>.<hex SipHash>` holding concatenated
 * 16-byte ids, then the parent's data set to `<topic>.<ms>`; in-process: a shared map):
 * - `publish` REPLACES the previous set of this front end; it resolves once back ends can see the new set.
 *   Calls do not overlap (callers wait), and the last call wins.
 * - The set MUST vanish when the front end's process dies (ZooKeeper: ephemeral nodes of its session), and
 *   be published again after a session loss. `close` withdraws it. Idempotent.
 * - Errors reaching the coordination service carry a `retriable` flag; callers retry later with the then
 *   current set.
 */
export interface SubscriptionPublisher {
  /** The name back ends route by: the front end's channel (its Kafka topic, `plasma.frontend.kafka.topic`). */
  readonly frontEnd: string;
  publish(series: ReadonlySet<SeriesId>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The back end's side of plasma routing: which front ends want a series, as last published (§8.2).
 *
 * Implementers: `frontEndsOf` is called for every chunk read from the data topic, so it MUST be a synchronous
 * lookup in memory (kept current by a watch); a published set becomes visible "soon" (no ordering with the
 * data topic is promised: points written before a subscription is seen are not forwarded, as in Warp 10).
 * Sets whose integrity check fails are ignored. A front end whose process died vanishes.
 */
export interface SubscriptionRoutes {
  /** The front ends (channel names) that subscribed to `series`; empty when none. Never mutate the result. */
  frontEndsOf(series: SeriesId): readonly string[];
  /** Stops watching. Idempotent. */
  close(): Promise<void>;
}
