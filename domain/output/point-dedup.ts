import { type Datapoint } from '../datapoints/datapoint.js';
import { sameValue } from '../datapoints/value.js';
import { NO_ELEVATION, NO_LOCATION } from '../text/value-render.js';

/**
 * Calls `emit` for each point to print. Without `dedup`, every point. With `dedup`, Warp 10's rule
 * (EgressFetchHandler text/tsv dumps and GTSDecoder.dedup, reference §7.1): a point equal to the
 * previous one (same location, elevation and value; timestamps ignored) is dropped, except that the
 * last point is printed when it ends a run of duplicates. So `1,1,1` prints the first and last `1`.
 */
export function forEachKeptPoint(points: readonly Datapoint[], dedup: boolean, emit: (p: Datapoint) => void): void {
  if (!dedup) {
    for (const p of points) emit(p);
    return;
  }
  let prev: Datapoint | undefined;
  let dup = false;
  for (const p of points) {
    dup = prev !== undefined && samePoint(prev, p);
    if (!dup) emit(p);
    prev = p;
  }
  if (dup && prev !== undefined) emit(prev);
}

/** Same location, elevation and value (absent and Warp 10's sentinels count as the same "none"). */
export function samePoint(a: Datapoint, b: Datapoint): boolean {
  return (a.geo ?? NO_LOCATION) === (b.geo ?? NO_LOCATION) && (a.elev ?? NO_ELEVATION) === (b.elev ?? NO_ELEVATION) && sameValue(a.value, b.value);
}
