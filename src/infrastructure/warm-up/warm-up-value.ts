/** A value of the warm-ups' synthetic data: a LONG, or a DECIMAL of scale 2 given unscaled (5012 is 50.12). */
export interface WarmUpValue {
  readonly long: boolean;
  readonly unscaled: number;
}

/**
 * The value of point `step` of series `series` in the data both warm-ups write (the cell's over HTTP, the store
 * thread's on a scratch store), shaped like a scraper's: every fourth series a long counter, the others 2-decimal
 * gauges wandering around 50.00. One formula, so that both warm the code paths of the same kinds of values.
 */
export function warmUpValue(step: number, series: number): WarmUpValue {
  if (series % 4 === 3) return { long: true, unscaled: step * 7 + series };
  return { long: false, unscaled: 5_000 + ((step * 37 + series * 11) % 997) - 498 };
}

/** The value as the GTS input format writes it (`50.12`, `1234`). */
export function warmUpValueText(value: WarmUpValue): string {
  return value.long ? String(value.unscaled) : (value.unscaled / 100).toFixed(2);
}
