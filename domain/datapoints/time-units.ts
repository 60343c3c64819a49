/** Platform time units (`warp.timeunits`, reference §13): how many units make one millisecond. */
export type TimeUnit = 'ms' | 'us' | 'ns';

export const UNITS_PER_MS: Readonly<Record<TimeUnit, bigint>> = { ms: 1n, us: 1000n, ns: 1000000n };

/** Converts ms since the epoch (possibly fractional, e.g. from performance.timeOrigin) to platform units. */
export function msToUnits(ms: number, unit: TimeUnit): bigint {
  const whole = Math.floor(ms);
  const frac = ms - whole;
  return BigInt(whole) * UNITS_PER_MS[unit] + BigInt(Math.floor(frac * Number(UNITS_PER_MS[unit])));
}

export function unitsToMs(units: bigint, unit: TimeUnit): bigint {
  const per = UNITS_PER_MS[unit];
  // Floor division (toward -infinity), like Java's Math.floorDiv.
  const q = units / per;
  return units % per !== 0n && units < 0n ? q - 1n : q;
}
