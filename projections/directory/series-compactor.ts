import { NameInterner } from '../../domain/datapoints/name-interner.js';
import type { Attributes, Series } from '../../domain/series/series.js';

/** The attributes of every series kept without any: one map, never changed (attributes change by replacement). */
const NO_ATTRIBUTES: Attributes = new Map();

/**
 * Makes the series the directory keeps small: the decoder gives each series strings and maps of its own, though
 * most of them are the same text across series (class name, label names, values forced by tokens) or empty (no
 * attributes). For 100,000 series of 6 labels that was ~55 MB of copies and empty maps; this keeps one copy of
 * each shared string (NameInterner) and one empty attributes map. The text, the label order and every value
 * stay as they were: only which copy is kept changes.
 */
export class SeriesCompactor {
  private readonly strings = new NameInterner();

  /**
   * `series` with shared strings and maps; `previous`, what the directory kept of it before, lends the maps
   * that have not changed (a new lastActivity or attributes keep the labels map as it is).
   */
  compact(series: Series, previous?: Series): Series {
    const className = this.strings.name(series.className);
    const labels = previous !== undefined && previous.labels === series.labels ? previous.labels : this.strings.labels(series.labels);
    const attributes = this.attributes(series.attributes, previous);
    const { id, lastActivity } = series;
    // One object shape whether or not lastActivity is known (no property added later).
    return lastActivity === undefined ? { id, className, labels, attributes } : { id, className, labels, attributes, lastActivity };
  }

  private attributes(attributes: Attributes, previous: Series | undefined): Attributes {
    if (attributes.size === 0) return NO_ATTRIBUTES;
    if (previous !== undefined && previous.attributes === attributes) return attributes;
    return this.strings.labels(attributes);
  }
}
