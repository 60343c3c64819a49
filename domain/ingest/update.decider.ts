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
 * The points of one /update request, grouped per series as they are parsed (the parser's DatapointSink),
 * keeping their order, which keeps per-series order in the log (one record per series per request).
 * `idOf` is only called for lines that come without their id.
 */
export class UpdateGroups {
  private readonly groups = new Map<SeriesId, Group>();
  private previousName: SeriesName | undefined;
  private previous: Group | undefined;
  private count = 0;

  constructor(private readonly idOf: (name: SeriesName) => SeriesId) {}

  add(name: SeriesName, id: SeriesId | undefined, attributes: Attributes | undefined, point: Datapoint): void {
    let group = name === this.previousName ? this.previous : undefined;
    if (group === undefined) {
      const key = id ?? this.idOf(name);
      group = this.groups.get(key);
      if (group === undefined) {
        group = { id: key, name, points: [] };
        this.groups.set(key, group);
      }
      this.previousName = name;
      this.previous = group;
    }
    group.points.push(point);
    if (attributes !== undefined) group.attributes = attributes;
    this.count++;
  }

  /** Points added so far. */
  get points(): number {
    return this.count;
  }

  /**
   * Decides what the request appends: every line was parsed already (the request is atomic, so a bad line
   * rejects it before this runs).
   */
  decide(ctx: Omit<UpdateContext, 'idOf'>): UpdateDecision {
    const data: DatapointsStored[] = [];
    const registrations: MetadataEvent[] = [];
    const updates: MetadataEvent[] = [];
    for (const g of this.groups.values()) {
      data.push({ type: 'DatapointsStored', series: g.id, points: g.points });
      const known = ctx.isKnown(g.id);
      // Most writes are to known series without attributes: no metadata object for them.
      if (known && g.attributes === undefined) continue;
      const named = { id: g.id, className: g.name.className, labels: g.name.labels };
      if (!known) registrations.push({ type: 'SeriesRegistered', series: { ...named, attributes: new Map(), lastActivity: ctx.nowMs } });
      if (g.attributes !== undefined) updates.push({ type: 'AttributesUpdated', series: named, attributes: g.attributes, mode: ctx.attributesMode });
    }
    return { data, metadata: [...registrations, ...updates], points: this.count };
  }
}

/** Decides what one /update request appends, from its parsed lines (see UpdateGroups). */
export function decideUpdate(lines: readonly UpdateLine[], ctx: UpdateContext): UpdateDecision {
  const groups = new UpdateGroups(ctx.idOf);
  for (const line of lines) groups.add(line.name, line.id, line.attributes, line.point);
  return groups.decide(ctx);
}
