import type { MetricDefinition, MetricSample } from '../shared/metrics.registry.js';
import type { PlasmaForwardStats } from '../../../projections/plasma/plasma.projection.js';
import type { PlasmaHub } from './plasma-hub.js';

/**
 * The plasma front end's figures (`continuum_plasma_*`): sessions, subscriptions, queued bytes, what was pushed
 * and dropped in total (closed sessions included), and per live session (label `session`, its id) the dropped
 * messages and points and the queued bytes, so that an operator sees which subscriber is too slow.
 */
export function frontEndMetrics(hub: PlasmaHub): MetricDefinition[] {
  const perSession = (pick: (s: ReturnType<PlasmaHub['list']> extends Iterable<infer S> ? S : never) => number): (() => MetricSample[]) => () =>
    [...hub.list()].map((s) => ({ labels: { session: s.id }, value: pick(s) }));
  return [
    { name: 'continuum_plasma_sessions', help: 'Open plasma WebSocket sessions.', type: 'gauge', collect: () => hub.stats().sessions },
    { name: 'continuum_plasma_subscriptions', help: 'Series subscriptions summed over the open sessions.', type: 'gauge', collect: () => hub.stats().subscriptions },
    { name: 'continuum_plasma_subscribed_series', help: 'Distinct series subscribed by at least one session (the published set).', type: 'gauge', collect: () => hub.stats().series },
    { name: 'continuum_plasma_queued_bytes', help: 'Bytes waiting to be written to plasma clients, all sessions.', type: 'gauge', collect: () => hub.stats().queuedBytes },
    { name: 'continuum_plasma_sent_messages_total', help: 'Data messages pushed to plasma sessions.', type: 'counter', collect: () => hub.stats().sentMessages },
    { name: 'continuum_plasma_sent_points_total', help: 'Datapoints pushed to plasma sessions.', type: 'counter', collect: () => hub.stats().sentPoints },
    { name: 'continuum_plasma_dropped_messages_total', help: 'Data messages dropped because a session queue was full (drop-newest).', type: 'counter', collect: () => hub.stats().droppedMessages },
    { name: 'continuum_plasma_dropped_points_total', help: 'Datapoints dropped because a session queue was full (drop-newest).', type: 'counter', collect: () => hub.stats().droppedPoints },
    { name: 'continuum_plasma_session_queued_bytes', help: 'Bytes waiting to be written to one plasma session.', type: 'gauge', collect: perSession((s) => s.queuedBytes) },
    { name: 'continuum_plasma_session_dropped_messages', help: 'Data messages one open plasma session lost to its full queue.', type: 'gauge', collect: perSession((s) => s.backlog.stats().droppedMessages) },
    { name: 'continuum_plasma_session_dropped_points', help: 'Datapoints one open plasma session lost to its full queue.', type: 'gauge', collect: perSession((s) => s.backlog.stats().droppedPoints) },
  ];
}

/** The plasma back end's figures: chunks and points forwarded to front ends, and lost to failed deliveries. */
export function backEndMetrics(stats: () => PlasmaForwardStats): MetricDefinition[] {
  return [
    { name: 'continuum_plasma_backend_forwarded_chunks_total', help: 'Stored chunks forwarded to plasma front ends.', type: 'counter', collect: () => stats().forwardedChunks },
    { name: 'continuum_plasma_backend_forwarded_points_total', help: 'Datapoints forwarded to plasma front ends.', type: 'counter', collect: () => stats().forwardedPoints },
    { name: 'continuum_plasma_backend_dropped_chunks_total', help: 'Stored chunks a plasma front end could not take (dropped).', type: 'counter', collect: () => stats().droppedChunks },
    { name: 'continuum_plasma_backend_dropped_points_total', help: 'Datapoints a plasma front end could not take (dropped).', type: 'counter', collect: () => stats().droppedPoints },
    { name: 'continuum_plasma_backend_failed_deliveries_total', help: 'Deliveries to plasma front ends that failed.', type: 'counter', collect: () => stats().failedDeliveries },
  ];
}
