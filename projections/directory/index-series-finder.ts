import type { SeriesFinder } from '../../domain/ports/series-finder.js';
import type { Selector } from '../../domain/series/selector.js';
import type { Series, SeriesId } from '../../domain/series/series.js';
import type { DirectoryReader } from './directory-reader.js';

/**
 * The SeriesFinder of a process that holds the whole directory (standalone cell): answers from the
 * in-memory index the directory projection maintains, so a find sees one consistent state.
 */
export class IndexSeriesFinder implements SeriesFinder {
  constructor(private readonly reader: DirectoryReader) {}

  async find(selectors: readonly Selector[]): Promise<Series[]> {
    return this.reader.find(selectors);
  }

  async get(id: SeriesId): Promise<Series | undefined> {
    return this.reader.get(id);
  }
}
