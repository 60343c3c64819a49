import { matchesSeries, type Selector } from '../../domain/series/selector.js';
import type { Series, SeriesId } from '../../domain/series/series.js';
import type { DirectoryReader } from './directory-reader.js';
import { ClassLabelPostings } from './label-postings.js';

interface Entry {
  readonly series: Series;
  /**
   * Label names and values, alternating, sorted by name: the sort key after the class name. Built the first
   * time the series is sorted (a find that returns it), as most series never are: ~200 bytes per series.
   */
  sortKey: readonly string[] | undefined;
}

/**
 * The in-memory registry behind `find` (Warp 10's Directory map: class name → (id → series)).
 * A selector with an exact class looks at that class only; a class regex is tested once per class,
 * not once per series; within a class, an exact label selector looks at the series of that label value
 * only (label-postings.ts). Mutated only by the directory projection, after its registry write committed.
 */
export class DirectoryIndex implements DirectoryReader {
  private readonly byClass = new Map<string, Map<SeriesId, Entry>>();
  private readonly byId = new Map<SeriesId, Entry>();
  private readonly postings = new Map<string, ClassLabelPostings>();

  get size(): number {
    return this.byId.size;
  }

  get(id: SeriesId): Series | undefined {
    return this.byId.get(id)?.series;
  }

  /** Every series, in no particular order. */
  values(): IterableIterator<Series> {
    return [...this.byId.values()].map((e) => e.series).values();
  }

  /** Adds the series or replaces the one with its id. */
  upsert(series: Series): void {
    const previous = this.byId.get(series.id);
    if (previous && previous.series.className !== series.className) this.remove(series.id);
    const entry: Entry = { series, sortKey: previous && previous.series.labels === series.labels ? previous.sortKey : undefined };
    this.byId.set(series.id, entry);
    let inClass = this.byClass.get(series.className);
    if (!inClass) this.byClass.set(series.className, (inClass = new Map()));
    if (!inClass.has(series.id)) this.postings.get(series.className)?.add(series);
    inClass.set(series.id, entry);
  }

  /** Forgets the series; false if it was unknown. */
  remove(id: SeriesId): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    this.byId.delete(id);
    const className = entry.series.className;
    const inClass = this.byClass.get(className);
    inClass?.delete(id);
    this.postings.get(className)?.remove(entry.series);
    if (inClass?.size === 0) {
      this.byClass.delete(className);
      this.postings.delete(className);
    }
    return true;
  }

  clear(): void {
    this.byId.clear();
    this.byClass.clear();
    this.postings.clear();
  }

  find(selectors: readonly Selector[]): Series[] {
    const hits = new Map<SeriesId, Entry>();
    for (const selector of selectors) {
      const cm = selector.classMatcher;
      if (cm.kind === 'exact') {
        const inClass = this.byClass.get(cm.value);
        if (inClass) this.collect(cm.value, inClass, selector, hits);
        continue;
      }
      for (const [className, inClass] of this.byClass) {
        // The class matched once here; the series are then matched on their labels only.
        if (cm.regex.test(className)) this.collect(className, inClass, { classMatcher: { kind: 'exact', value: className }, labels: selector.labels }, hits);
      }
    }
    const found = [...hits.values()];
    for (const e of found) e.sortKey ??= sortKeyOf(e.series);
    return found.sort(compareEntries).map((e) => e.series);
  }

  /** Adds the series of one class matching `selector` to `hits`, looking only at the candidates its labels give. */
  private collect(className: string, inClass: ReadonlyMap<SeriesId, Entry>, selector: Selector, hits: Map<SeriesId, Entry>): void {
    let postings = this.postings.get(className);
    if (!postings) this.postings.set(className, (postings = new ClassLabelPostings()));
    const candidates = postings.candidates(selector, () => seriesOf(inClass), inClass.size);
    if (candidates === undefined) {
      for (const [id, entry] of inClass) if (!hits.has(id) && matchesSeries(selector, entry.series)) hits.set(id, entry);
      return;
    }
    for (const id of candidates) {
      const entry = inClass.get(id);
      if (entry && !hits.has(id) && matchesSeries(selector, entry.series)) hits.set(id, entry);
    }
  }
}

function* seriesOf(inClass: ReadonlyMap<SeriesId, Entry>): Iterable<Series> {
  for (const entry of inClass.values()) yield entry.series;
}

function sortKeyOf(series: Series): string[] {
  const names = [...series.labels.keys()].sort(compareStrings);
  const key: string[] = [];
  for (const name of names) key.push(name, series.labels.get(name) as string);
  return key;
}

/** Code-unit order, as Java's String.compareTo: stable across locales. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Entries whose sortKey is built. */
function compareEntries(a: Entry, b: Entry): number {
  const byClass = compareStrings(a.series.className, b.series.className);
  if (byClass !== 0) return byClass;
  const ka = a.sortKey as readonly string[];
  const kb = b.sortKey as readonly string[];
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const c = compareStrings(ka[i], kb[i]);
    if (c !== 0) return c;
  }
  return ka.length - kb.length || compareStrings(a.series.id, b.series.id);
}
