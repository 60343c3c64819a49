import type { DataEvent } from './data.events.js';

/**
 * For tests comparing events with deep equality: a DatapointsStored read from a log (or built from columns)
 * builds its `points` in a getter of its class, which deep equality does not see; this gives the same event as a
 * plain object (points read, columns or chunk left out). Other events are returned as they are.
 */
export function plainEvent<E>(event: E): E {
  const e = event as DataEvent | { readonly type?: unknown };
  if (e.type !== 'DatapointsStored') return event;
  const stored = e as DataEvent & { readonly type: 'DatapointsStored' };
  return { type: stored.type, series: stored.series, points: stored.points } as E;
}
