import type { Checkpoint } from '../../../../domain/ports/checkpoint.js';
import type { Series, SeriesId } from '../../../../domain/series/series.js';
import type { SeriesPoints } from './series-points.js';

/**
 * The state shared by the in-memory adapters, standing for one database: datapoints, series registry
 * and checkpoints live side by side so that a write and its checkpoint commit change it in one
 * synchronous step (atomic, as the ports require). Keep the object to "reopen" the store: new adapters
 * over the same database see everything committed before.
 */
export class MemoryDatabase {
  readonly points = new Map<SeriesId, SeriesPoints>();
  readonly series = new Map<SeriesId, Series>();
  readonly checkpoints = new Map<string, Checkpoint>();
}
