import { decodeChunkInto } from '../../../../domain/datapoints/chunk-columns-decoder.js';
import { PointColumns } from '../../../../domain/datapoints/point-columns.js';
import type { DatapointWrite } from '../../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../../domain/series/series.js';
import { withoutRange, type SeriesPut } from './block-merge.js';
import type { DeleteRange } from './delete-planner.js';

type PutWrite = Extract<DatapointWrite, { type: 'put' }>;

/** What one apply does to one series, in apply order (see groupBySeries). */
export interface SeriesPlan {
  readonly series: SeriesId;
  /** The puts, not decoded yet, each with how many of `deletes` came before it (the later ones strip its points). */
  readonly puts: { readonly write: PutWrite; readonly deletesBefore: number }[];
  /** Every delete of this apply (all of them hit the points stored before it), if any. */
  deletes: DeleteRange[] | undefined;
}

/** The writes of each series, in order. Nothing is decoded here: seriesPuts does, one series at a time. */
export function groupBySeries(writes: readonly DatapointWrite[]): Map<SeriesId, SeriesPlan> {
  const plans = new Map<SeriesId, SeriesPlan>();
  for (const w of writes) {
    let plan = plans.get(w.series);
    if (!plan) plans.set(w.series, (plan = { series: w.series, puts: [], deletes: undefined }));
    if (w.type === 'put') plan.puts.push({ write: w, deletesBefore: plan.deletes?.length ?? 0 });
    else (plan.deletes ??= []).push({ start: w.start, end: w.end });
  }
  return plans;
}

/**
 * Where the points of a series with ONE put are decoded (its count is not known before): blockFromPuts makes
 * the block of those very columns, so the caller must be done with it (encoded, or copied by `ownColumns`)
 * before the next series' puts are read.
 */
export const sharedColumns = new PointColumns(1024);

/**
 * The puts of one series in columns, each stripped of the points a later delete of the apply removes. A lone
 * put is decoded into `sharedColumns` (no allocation: the usual apply); several get columns of their own.
 * Puts that hold their chunks (read from the log, or shipped to the store thread) are decoded from them, so
 * their `points` are never built.
 */
export function seriesPuts(plan: SeriesPlan): SeriesPut[] {
  const lone = plan.puts.length === 1;
  const deletes = plan.deletes ?? [];
  return plan.puts.map(({ write, deletesBefore }) => {
    const out = lone ? sharedColumns : new PointColumns(write.chunks ? 16 : write.points.length);
    out.clear();
    if (write.chunks === undefined) for (const p of write.points) out.push(p);
    else for (const chunk of write.chunks) decodeChunkInto(chunk, out);
    let columns = out;
    for (let d = deletesBefore; d < deletes.length; d++) columns = withoutRange(columns, deletes[d].start, deletes[d].end);
    return { version: write.version, columns };
  });
}

/** `columns`, or a copy when they are `sharedColumns` (which the next series reuses). */
export function ownColumns(columns: PointColumns): PointColumns {
  if (columns !== sharedColumns) return columns;
  const copy = new PointColumns(columns.length);
  copy.pushRange(columns, 0, columns.length);
  return copy;
}
