import type { AttributesUpdated } from '../events/metadata.events.js';
import type { Attributes, SeriesId, SeriesName } from '../series/series.js';

/**
 * /api/v0/meta (reference §5.1): each line sets the attributes of one series, replacing them
 * (`replace`) or merging them (`merge`, X-Warp10-Attributes: delta; an empty value removes the key).
 * Series unknown to the directory are ignored by the directory projection, as in Warp 10.
 */
export function decideMeta(
  lines: readonly { readonly name: SeriesName; readonly attributes: Attributes }[],
  idOf: (name: SeriesName) => SeriesId,
  mode: 'replace' | 'merge',
): AttributesUpdated[] {
  return lines.map((l) => ({
    type: 'AttributesUpdated',
    series: { id: idOf(l.name), className: l.name.className, labels: l.name.labels },
    attributes: l.attributes,
    mode,
  }));
}
