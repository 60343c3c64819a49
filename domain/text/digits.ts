/** Writing small non-negative integers as ASCII digits into a byte buffer, two digits per step. */

/** "00".."99" as byte pairs. */
export const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[2 * i] = 48 + Math.floor(i / 10);
  DIGIT_PAIRS[2 * i + 1] = 48 + (i % 10);
}

/** Decimal digits of 0 ≤ n < 2^31. */
export function digitCount(n: number): number {
  return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
}

/** Writes 0 ≤ n < 2^31 without leading zeros at `pos`; returns the position after it. */
export function writeDigits(buf: Uint8Array, pos: number, n: number): number {
  const end = pos + digitCount(n);
  let p = end;
  while (n >= 100) {
    const q = (n / 100) | 0;
    const r = 2 * (n - q * 100);
    buf[--p] = DIGIT_PAIRS[r + 1];
    buf[--p] = DIGIT_PAIRS[r];
    n = q;
  }
  if (n >= 10) {
    buf[p - 1] = DIGIT_PAIRS[2 * n + 1];
    buf[p - 2] = DIGIT_PAIRS[2 * n];
  } else {
    buf[p - 1] = 48 + n;
  }
  return end;
}
