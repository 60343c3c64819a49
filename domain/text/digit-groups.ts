/**
 * Decimal digits written four at a time: a number is split into groups of 4 digits (one division by 10^4
 * splits 8 digits into two independent halves) and each group is one 32-bit store of its 4 ASCII bytes, taken
 * from a table of the 10,000 groups. Printing digit by digit (or by pairs) costs a chain of dependent divisions
 * and one bounds-checked store per byte; this costs one division per 4 digits and one store per group.
 *
 * The writers take the DataView of the output buffer and store whole groups: they may write up to
 * OVERRUN bytes past the position they return (bytes the caller then overwrites, or never counts). The caller
 * must leave that much room past the longest text it writes.
 */

/** Most bytes a writer of this file stores past the position it returns. */
export const OVERRUN = 8;

/** The 4 ASCII digits of each group 0000-9999, as a little-endian 32-bit word (first digit in the low byte). */
const GROUP = new Uint32Array(10000);
/** The group without its leading zeros (the first digit of a number), shifted to the low bytes. */
const LEADING = new Uint32Array(10000);
/** Digits of each group without its leading zeros (1 for 0). */
const LENGTH = new Uint8Array(10000);
/** Digits of each group without its trailing zeros, at least 1 (a fraction's last group: `5000` → `5`, `0000` → `0`). */
const KEPT = new Uint8Array(10000);
for (let n = 0; n < 10000; n++) {
  const d0 = Math.floor(n / 1000);
  const d1 = Math.floor(n / 100) % 10;
  const d2 = Math.floor(n / 10) % 10;
  const d3 = n % 10;
  GROUP[n] = (48 + d0) | ((48 + d1) << 8) | ((48 + d2) << 16) | ((48 + d3) << 24);
  LENGTH[n] = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;
  LEADING[n] = GROUP[n] >>> (8 * (4 - LENGTH[n]));
  KEPT[n] = d3 !== 0 ? 4 : d2 !== 0 ? 3 : d1 !== 0 ? 2 : 1;
}

const POW10 = [1, 10, 100, 1000, 10000, 1e5, 1e6, 1e7, 1e8, 1e9];

/** Writes 0 ≤ n < 2^31 without leading zeros at `pos`; returns the position after it. */
export function putDigits(view: DataView, pos: number, n: number): number {
  if (n < 10000) {
    view.setUint32(pos, LEADING[n], true);
    return pos + LENGTH[n];
  }
  if (n < 1e8) {
    const high = (n / 10000) | 0;
    view.setUint32(pos, LEADING[high], true);
    pos += LENGTH[high];
    view.setUint32(pos, GROUP[n - high * 10000], true);
    return pos + 4;
  }
  const top = (n / 1e8) | 0;
  view.setUint32(pos, LEADING[top], true);
  return put8Digits(view, pos + LENGTH[top], n - top * 1e8);
}

/** Writes 0 ≤ n < 10^8 as exactly 8 digits (leading zeros kept) at `pos`; returns `pos + 8`. */
export function put8Digits(view: DataView, pos: number, n: number): number {
  const high = (n / 10000) | 0;
  view.setUint32(pos, GROUP[high], true);
  view.setUint32(pos + 4, GROUP[n - high * 10000], true);
  return pos + 8;
}

/**
 * Writes `u` × 10^-s (0 ≤ u < 2^31, 1 ≤ s ≤ 9) in plain notation without the trailing zeros of its fraction,
 * `.0` when none is left, as the text formats print a DECIMAL: `150, 2` → `1.5`, `1000, 2` → `10.0`,
 * `5, 2` → `0.05`, `0, 3` → `0.0`. Returns the position after it.
 */
export function putDecimal(view: DataView, pos: number, u: number, s: number): number {
  const unit = POW10[s];
  const integral = (u / unit) | 0;
  const fraction = u - integral * unit;
  pos = putDigits(view, pos, integral);
  view.setUint8(pos++, 46); // '.'
  if (s <= 4) {
    // The fraction's s digits, left-aligned in one group.
    const group = fraction * POW10[4 - s];
    view.setUint32(pos, GROUP[group], true);
    return pos + KEPT[group];
  }
  let rest = fraction;
  if (s === 9) {
    // One digit, then 8 in two groups.
    const first = (fraction / 1e8) | 0;
    view.setUint8(pos++, 48 + first);
    rest -= first * 1e8;
    if (rest === 0) return pos;
  } else {
    rest *= POW10[8 - s];
  }
  const high = (rest / 10000) | 0;
  const low = rest - high * 10000;
  view.setUint32(pos, GROUP[high], true);
  view.setUint32(pos + 4, GROUP[low], true);
  return pos + (low === 0 ? KEPT[high] : 4 + KEPT[low]);
}
