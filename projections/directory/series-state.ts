import { ValidationError } from '../../domain/errors.js';
import type { MetadataEvent } from '../../domain/events/metadata.events.js';
import type { Attributes, Series } from '../../domain/series/series.js';

/** Returned when an event leaves the series as it was (no registry write needed). */
export const UNCHANGED = Symbol('unchanged');

/**
 * What the directory knows of a series after `event` (reference §4.2, §6.1), given what it knew
 * (`undefined`: unknown). Pure, so that replaying a series' events in order always gives the same state,
 * and re-applying a suffix of them to the result changes nothing (at-least-once delivery).
 * - SeriesRegistered: inserts an unknown series as given; for a known one keeps its attributes and only
 *   refreshes lastActivity when the event's is at least `activityWindowMs` newer (0: any newer).
 * - AttributesUpdated: ignored for an unknown series; `replace` sets the whole map, `merge` sets the
 *   given keys and removes those given an empty value.
 * - SeriesDeleted: forgets the series (null).
 * Throws ValidationError for an event it does not know (a poison record).
 */
export function seriesAfter(current: Series | undefined, event: MetadataEvent, activityWindowMs = 0): Series | null | typeof UNCHANGED {
  switch (event.type) {
    case 'SeriesRegistered': {
      if (!current) return event.series;
      const seen = event.series.lastActivity;
      if (seen === undefined) return UNCHANGED;
      if (current.lastActivity !== undefined && (seen <= current.lastActivity || seen - current.lastActivity < activityWindowMs)) return UNCHANGED;
      return { ...current, lastActivity: seen };
    }
    case 'AttributesUpdated': {
      if (!current) return UNCHANGED;
      const attributes = event.mode === 'replace' ? new Map(event.attributes) : merged(current.attributes, event.attributes);
      return sameMap(attributes, current.attributes) ? UNCHANGED : { ...current, attributes };
    }
    case 'SeriesDeleted':
      return current ? null : UNCHANGED;
    default:
      throw new ValidationError(`cannot apply metadata event: unknown type '${(event as { type?: unknown }).type}'`);
  }
}

function merged(current: Attributes, delta: Attributes): Map<string, string> {
  const out = new Map(current);
  for (const [k, v] of delta) {
    if (v === '') out.delete(k);
    else out.set(k, v);
  }
  return out;
}

function sameMap(a: Attributes, b: Attributes): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
