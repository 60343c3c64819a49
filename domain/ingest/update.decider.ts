import type { Datapoint } from '../datapoints/datapoint.js';
import type { DatapointsStored } from '../events/data.events.js';
import type { MetadataEvent } from '../events/metadata.events.js';
import type { Attributes, SeriesId, SeriesName } from '../series/series.js';

/** A parsed input line, as the GTS input parser produces it. */
export interface UpdateLine {
  readonly name: SeriesName;
  /** The series id when the parser knew it already (else `idOf(name)` computes it). */
  readonly id?: SeriesId;
  readonly attributes?: Attributes;
  readonly point: Datapoint;
}

export interface UpdateContext {
  /** Computes a series id (SipHash of class and labels, reference §3.2). */
  readonly idOf: (name: SeriesName) => SeriesId;
  /** True when the series is already registered (the ingress metadata cache, Warp 10 Ingress). */
  readonly isKnown: (id: SeriesId) => boolean;
  /** How an attributes block in /update applies: replace (default) or merge (X-Warp10-Attributes: delta). */
  readonly attributesMode: 'replace' | 'merge';
  /** ms since the epoch, recorded as lastActivity of newly registered series. */
  readonly nowMs: number;
}

export interface UpdateDecision {
  /** One chunk per series, points in request order. */
  readonly data: readonly DatapointsStored[];
  /** Registrations of series not known yet, then attribute updates, in first-seen order. */
  readonly metadata: readonly MetadataEvent[];
  readonly points: number;
}

interface Group {
  readonly id: SeriesId;
  readonly name: SeriesName;
  readonly points: Datapoint[];
  attributes?: Attributes;
}

/**
 * Decides what one /update request appends: every line was parsed already (the request is atomic, so
 * a bad line rejects it before this runs). Points are grouped per series, keeping their order, which
 * keeps per-series order in the log (one record per series per request).
 */
export function decideUpdate(lines: readonly UpdateLine[], ctx: UpdateContext): UpdateDecision {
  const groups = new Map<SeriesId, Group>();
  let previousName: SeriesName | undefined;
  let previous: Group | undefined;
  for (const line of lines) {
    let group = line.name === previousName ? previous : undefined;
    if (group === undefined) {
      const id = line.id ?? ctx.idOf(line.name);
      group = groups.get(id);
      if (group === undefined) {
        group = { id, name: line.name, points: [] };
        groups.set(id, group);
      }
      previousName = line.name;
      previous = group;
    }
    group.points.push(line.point);
    if (line.attributes !== undefined) group.attributes = line.attributes;
  }
  const data: DatapointsStored[] = [];
  const registrations: MetadataEvent[] = [];
  const updates: MetadataEvent[] = [];
  for (const g of groups.values()) {
    data.push({ type: 'DatapointsStored', series: g.id, points: g.points });
    const named = { id: g.id, className: g.name.className, labels: g.name.labels };
    if (!ctx.isKnown(g.id)) {
      registrations.push({ type: 'SeriesRegistered', series: { ...named, attributes: new Map(), lastActivity: ctx.nowMs } });
    }
    if (g.attributes !== undefined) {
      updates.push({ type: 'AttributesUpdated', series: named, attributes: g.attributes, mode: ctx.attributesMode });
    }
  }
  return { data, metadata: [...registrations, ...updates], points: lines.length };
}
