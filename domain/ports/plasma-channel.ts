import type { DatapointsStored } from '../events/data.events.js';

/**
 * Back end → front end delivery of stored chunks (reference §8.2: one Kafka topic per front end, fed with the
 * data topic's STORE messages; standalone: an in-process bus).
 *
 * Implementers: `deliver` resolves once the chunks are handed over (Kafka: acknowledged by the broker). Order is
 * kept PER SERIES: chunks of one series reach the front end in the order given, within a call and across calls
 * (Kafka: the series id is the key, so one series stays in one partition). Chunks of different series may arrive
 * interleaved differently (topic partitions); an in-process channel may keep the whole order, callers must not
 * rely on it. Delivery is at most once and never replays: a front end
 * that is down misses what was sent meanwhile (plasma is live data, not a log to catch up on). Errors carry a
 * `retriable` flag; the back end drops what it could not deliver (counted) rather than stall the data topic.
 */
export interface PlasmaOutbox {
  deliver(frontEnd: string, chunks: readonly DatapointsStored[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A front end's receiving end of its channel: starts at the channel's end (never replays) and calls `onChunks`
 * for every batch, in order, one call at a time (the next waits for the returned promise: the front end's
 * fan-out must not block on slow subscribers, see the session queues).
 */
export interface PlasmaInbox {
  start(onChunks: (chunks: readonly DatapointsStored[]) => Promise<void> | void): Promise<void>;
  close(): Promise<void>;
}
