import type { Selector } from '../series/selector.js';
import type { Series, SeriesId } from '../series/series.js';

/**
 * Which series match selectors (Warp 10's `DirectoryClient`: find, get), as egress (/fetch, /find) and ingress
 * (/delete) ask it. In a standalone cell it answers from the in-process directory index; in a distributed cell
 * it asks the directory instances of the cell over the network (one per shard) and merges their answers.
 *
 * Implementers:
 * - `find` MUST return the series matching any of `selectors` (reference §6.3), each once, ordered by class name,
 *   then by labels compared name by name in name order (`compareSeries`), whichever instance holds them: callers
 *   page through the answer with gskip/gcount and rely on the order being the same on every call.
 * - An answer MUST be complete or an error: a shard that cannot be asked fails the call with an error whose
 *   `retriable` flag is true (HTTP 503), never a partial list.
 * - Returned series must not be mutated by callers.
 */
export interface SeriesFinder {
  find(selectors: readonly Selector[]): Promise<Series[]>;
  /** The series of that id, or undefined when no directory knows it. */
  get(id: SeriesId): Promise<Series | undefined>;
}
