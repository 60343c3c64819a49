import type { Value } from './value.js';

/**
 * One datapoint of a series. `ts` is in platform time units (`warp.timeunits`), a signed 64-bit long.
 * `geo` is the raw 64-bit GeoXPPoint (reference §3.4) and `elev` the elevation (platform convention:
 * millimetres); both are absent when not given.
 */
export interface Datapoint {
  readonly ts: bigint;
  readonly geo?: bigint;
  readonly elev?: bigint;
  readonly value: Value;
}

/** The smallest and largest 64-bit timestamps (Java Long.MIN_VALUE / MAX_VALUE). */
export const MIN_TS = -(2n ** 63n);
export const MAX_TS = 2n ** 63n - 1n;
