import { type Datapoint } from '../datapoints/datapoint.js';
import { KIND_DECIMAL, KIND_OBJECT, type PointColumns } from '../datapoints/point-columns.js';
import { sameValue } from '../datapoints/value.js';
import { NO_ELEVATION, NO_LOCATION } from '../text/value-render.js';

/**
 * Whether point `i` of `points` is printed. Without `dedup`, every point. With `dedup`, Warp 10's rule
 * (EgressFetchHandler text/tsv dumps and GTSDecoder.dedup, reference §7.1): a point equal to the previous
 * one (same location, elevation and value; timestamps ignored) is dropped, except the last point, which is
 * printed when it ends a run of duplicates. So `1,1,1` prints the first and last `1`.
 */
export function keepsPoint(points: PointColumns, i: number, dedup: boolean): boolean {
  if (!dedup || i === 0 || i === points.length - 1) return true;
  return !samePointAt(points, i - 1, i);
}

/** samePoint of points `i` and `j` of `c`, from the columns when both are numeric. */
export function samePointAt(c: PointColumns, i: number, j: number): boolean {
  const k = c.kind[i];
  if (k !== KIND_OBJECT && c.kind[j] !== KIND_OBJECT) {
    return k === c.kind[j] && Object.is(c.num[i], c.num[j]) && (k !== KIND_DECIMAL || c.scale[i] === c.scale[j]);
  }
  return samePoint(c.pointAt(i), c.pointAt(j));
}

/** Same location, elevation and value (absent and Warp 10's sentinels count as the same "none"). */
export function samePoint(a: Datapoint, b: Datapoint): boolean {
  return (a.geo ?? NO_LOCATION) === (b.geo ?? NO_LOCATION) && (a.elev ?? NO_ELEVATION) === (b.elev ?? NO_ELEVATION) && sameValue(a.value, b.value);
}
