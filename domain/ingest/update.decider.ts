import type { Datapoint } from '../datapoints/datapoint.js';
import type { DatapointSink } from '../datapoints/input-body.js';
import { PointColumns } from '../datapoints/point-columns.js';
import type { NumericValue } from '../datapoints/value-parser.js';
import { storedFromColumns, type DatapointsStored } from '../events/data.events.js';
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
  /** Its place in first-seen order. */
  readonly index: number;
  /** Its points so far. */
  count: number;
  /** Where its points start in the grouped columns (set by `grouped`). */
  start: number;
  attributes?: Attributes;
  /** The group whose point came right after one of this group's last time: usually the next one's again. */
  next?: Group;
}

/**
 * The points of one /update request, grouped per series as they are parsed (the parser's DatapointSink),
 * keeping their order, which keeps per-series order in the log (one record per series per request).
 * `idOf` is only called for lines that come without their id.
 *
 * Points are kept in columns (PointColumns: numeric points cost no object) in arrival order, with the group
 * of each; `decide` regroups them series by series into one PointColumns that the events share
 * (storedFromColumns), so the record encoder writes them without a Datapoint per point.
 */
export class UpdateGroups implements DatapointSink {
  private readonly groups = new Map<SeriesId, Group>();
  private readonly order: Group[] = [];
  private readonly arrived = new PointColumns(64);
  /** Index in `order` of the group of each point of `arrived`. */
  private groupOf = new Int32Array(64);
  private previousName: SeriesName | undefined;
  private previous: Group | undefined;

  constructor(private readonly idOf: (name: SeriesName) => SeriesId) {}

  add(name: SeriesName, id: SeriesId | undefined, attributes: Attributes | undefined, point: Datapoint): void {
    this.note(name, id, attributes);
    this.arrived.push(point);
  }

  addNumeric(name: SeriesName, id: SeriesId | undefined, attributes: Attributes | undefined, ts: number, value: NumericValue): void {
    this.note(name, id, attributes);
    this.arrived.pushNumeric(ts, value.kind, value.num, value.scale);
  }

  /** The series of the points added so far, in first-seen order. */
  seriesIds(): IterableIterator<SeriesId> {
    return this.groups.keys();
  }

  /** Points added so far. */
  get points(): number {
    return this.arrived.length;
  }

  /**
   * Decides what the request appends: every line was parsed already (the request is atomic, so a bad line
   * rejects it before this runs).
   */
  decide(ctx: Omit<UpdateContext, 'idOf'>): UpdateDecision {
    const grouped = this.grouped();
    const data: DatapointsStored[] = [];
    const registrations: MetadataEvent[] = [];
    const updates: MetadataEvent[] = [];
    for (let i = 0; i < this.order.length; i++) {
      const g = this.order[i];
      data.push(storedFromColumns(g.id, grouped, g.start, g.start + g.count));
      const known = ctx.isKnown(g.id);
      // Most writes are to known series without attributes: no metadata object for them.
      if (known && g.attributes === undefined) continue;
      const named = { id: g.id, className: g.name.className, labels: g.name.labels };
      if (!known) registrations.push({ type: 'SeriesRegistered', series: { ...named, attributes: new Map(), lastActivity: ctx.nowMs } });
      if (g.attributes !== undefined) updates.push({ type: 'AttributesUpdated', series: named, attributes: g.attributes, mode: ctx.attributesMode });
    }
    return { data, metadata: [...registrations, ...updates], points: this.arrived.length };
  }

  /** Counts the next point in its series' group (made on its first point), in first-seen order. */
  private note(name: SeriesName, id: SeriesId | undefined, attributes: Attributes | undefined): void {
    let group = name === this.previousName ? this.previous : undefined;
    if (group === undefined) {
      // Bodies that name the same series in a repeating order (a scrape per timestamp) follow the prediction:
      // one comparison instead of a map lookup per line. Same name object, same series (see DatapointSink).
      const previous = this.previous;
      const predicted = previous?.next;
      if (predicted !== undefined && predicted.name === name) group = predicted;
      else {
        group = this.groupFor(name, id);
        if (previous !== undefined) previous.next = group;
      }
      this.previousName = name;
      this.previous = group;
    }
    group.count++;
    if (attributes !== undefined) group.attributes = attributes;
    const at = this.arrived.length;
    if (at === this.groupOf.length) {
      const grown = new Int32Array(at * 2);
      grown.set(this.groupOf);
      this.groupOf = grown;
    }
    this.groupOf[at] = group.index;
  }

  /** The group of a series, made on its first point. */
  private groupFor(name: SeriesName, id: SeriesId | undefined): Group {
    const key = id ?? this.idOf(name);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { id: key, name, index: this.order.length, count: 0, start: 0 };
      this.groups.set(key, group);
      this.order.push(group);
    }
    return group;
  }

  /** The points series by series (in first-seen order), each in arrival order; sets each group's start. */
  private grouped(): PointColumns {
    const { order, arrived, groupOf } = this;
    if (order.length === 1) return arrived;
    let start = 0;
    for (const g of order) {
      g.start = start;
      start += g.count;
    }
    const next = order.map((g) => g.start);
    const out = new PointColumns(arrived.length);
    const rank = new Int32Array(arrived.length);
    for (let i = 0; i < arrived.length; i++) rank[next[groupOf[i]]++] = i;
    for (let k = 0; k < rank.length; k++) out.pushPoint(arrived, rank[k]);
    return out;
  }
}

/** Decides what one /update request appends, from its parsed lines (see UpdateGroups). */
export function decideUpdate(lines: readonly UpdateLine[], ctx: UpdateContext): UpdateDecision {
  const groups = new UpdateGroups(ctx.idOf);
  for (const line of lines) groups.add(line.name, line.id, line.attributes, line.point);
  return groups.decide(ctx);
}
