import { MAX_TS, MIN_TS } from '../datapoints/datapoint.js';
import type { DatapointsDeleted } from '../events/data.events.js';
import type { SeriesDeleted } from '../events/metadata.events.js';
import type { Series } from '../series/series.js';

/** What /api/v0/delete removes: a time range, or everything (`deleteall`). */
export type DeleteScope = { readonly kind: 'range'; readonly start: bigint; readonly end: bigint } | { readonly kind: 'all' };

export interface DeleteDecision {
  readonly data: readonly DatapointsDeleted[];
  readonly metadata: readonly SeriesDeleted[];
}

/**
 * /api/v0/delete (reference §5.2): a DELETE on the data topic for every matched series (so it stays ordered
 * after that series' writes), and, when the whole series goes (no range), a SeriesDeleted on the metadata
 * topic so that it leaves the directory.
 */
export function decideDelete(matched: readonly Series[], scope: DeleteScope): DeleteDecision {
  const start = scope.kind === 'range' ? scope.start : MIN_TS;
  const end = scope.kind === 'range' ? scope.end : MAX_TS;
  return {
    data: matched.map((s) => ({ type: 'DatapointsDeleted', series: s.id, start, end })),
    metadata:
      scope.kind === 'all'
        ? matched.map((s) => ({ type: 'SeriesDeleted', series: { id: s.id, className: s.className, labels: s.labels } }))
        : [],
  };
}
