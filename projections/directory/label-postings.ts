import type { Selector } from '../../domain/series/selector.js';
import { RESERVED_LABELS, type Series, type SeriesId } from '../../domain/series/series.js';

/** The ids of the series of one label value: one id alone (the usual case for a host-like label), or several. */
type Posting = SeriesId | SeriesId[];

/** One label name of one class: value → series, and how many series of the class have that label. */
interface NameIndex {
  readonly byValue: Map<string, Posting>;
  withName: number;
}

/**
 * Inverted indexes of the label values of one class, so that `find` with an exact label selector (`host=h5`,
 * `rack=r3`) looks at the series of that value instead of every series of the class. An index of a label name
 * is built the first time a selector uses it, then kept up to date: memory goes only to the names that are
 * queried (an id per series and name: a few MB for 100,000 series), never to `.owner`/`.producer`/`.app`, which
 * every series of an application shares.
 *
 * Warp 10 matches `name=value` on the label, or on the attribute `name` when the series has no such label, which
 * a label index cannot see: an index is used only while EVERY series of the class has the label.
 */
export class ClassLabelPostings {
  private readonly names = new Map<string, NameIndex>();

  /**
   * The ids of the series that may match `selector` (a superset: callers still match each one), or undefined
   * when no exact label matcher can narrow the class down (then every series of the class is a candidate).
   * `all` is every series of the class (to build an index on first use) and `size` how many there are.
   */
  candidates(selector: Selector, all: () => Iterable<Series>, size: number): readonly SeriesId[] | undefined {
    let best: readonly SeriesId[] | undefined;
    for (const m of selector.labels) {
      if (m.kind !== 'exact' || RESERVED_LABELS.includes(m.name)) continue;
      const index = this.names.get(m.name) ?? this.build(m.name, all());
      if (index.withName !== size) continue;
      const posting = index.byValue.get(m.value);
      const ids = posting === undefined ? [] : typeof posting === 'string' ? [posting] : posting;
      if (best === undefined || ids.length < best.length) best = ids;
      if (best.length === 0) break;
    }
    return best;
  }

  /** Records a series of the class in the indexes built so far. */
  add(series: Series): void {
    for (const [name, index] of this.names) addTo(index, name, series);
  }

  /** Forgets a series of the class, as it was added. */
  remove(series: Series): void {
    for (const [name, index] of this.names) {
      const value = series.labels.get(name);
      if (value === undefined) continue;
      const posting = index.byValue.get(value);
      if (posting === undefined) continue;
      index.withName--;
      if (typeof posting === 'string') {
        if (posting === series.id) index.byValue.delete(value);
        continue;
      }
      const at = posting.indexOf(series.id);
      if (at >= 0) posting.splice(at, 1);
      if (posting.length === 1) index.byValue.set(value, posting[0]);
    }
  }

  private build(name: string, all: Iterable<Series>): NameIndex {
    const index: NameIndex = { byValue: new Map(), withName: 0 };
    for (const s of all) addTo(index, name, s);
    this.names.set(name, index);
    return index;
  }
}

function addTo(index: NameIndex, name: string, series: Series): void {
  const value = series.labels.get(name);
  if (value === undefined) return;
  index.withName++;
  const posting = index.byValue.get(value);
  if (posting === undefined) index.byValue.set(value, series.id);
  else if (typeof posting === 'string') index.byValue.set(value, [posting, series.id]);
  else posting.push(series.id);
}
