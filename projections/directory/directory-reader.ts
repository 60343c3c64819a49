import type { Selector } from '../../domain/series/selector.js';
import type { Series, SeriesId } from '../../domain/series/series.js';

/**
 * The read side of the directory, for egress (/find, /fetch) and plasma: which series match selectors.
 * Answers from memory, synchronously, so one call sees one consistent state (a batch of metadata
 * events is applied between calls, never during one). Returned series must not be mutated.
 */
export interface DirectoryReader {
  /**
   * The series matching any of `selectors` (Warp 10 Directory `find`, reference §6.3), each once,
   * ordered by class name, then by labels compared name by name in name order.
   */
  find(selectors: readonly Selector[]): Series[];
  get(id: SeriesId): Series | undefined;
  /** How many series are registered. */
  readonly size: number;
}
