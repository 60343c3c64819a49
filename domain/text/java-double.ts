/**
 * Java's `Double.toString(double)` as Java ≥ 19 prints it (JDK-4511638): the shortest decimal that
 * rounds back to the double (closest one if several), at least one fractional digit, plain notation
 * for 10^-3 ≤ |x| < 10^7 and `d.dddEn` otherwise (`E` exponent without `+`), `NaN`, `Infinity`,
 * `-Infinity`, `0.0`, `-0.0`. Warp 10 uses it for DOUBLE values, latitudes and longitudes in every
 * textual output (reference §7.1), so byte-identical output depends on it.
 *
 * JavaScript's `toString`/`toExponential()` give the same shortest digits, with one exception Java
 * documents: when the shortest decimal has a single digit, Java also considers two-digit decimals and
 * keeps the closest (`Double.MIN_VALUE` is `4.9E-324`, not `5E-324`). That only matters for
 * subnormals, where the rounding interval is wide enough to hold several two-digit decimals.
 */
export function javaDoubleToString(x: number): string {
  if (x !== x) return 'NaN';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const a = x < 0 ? -x : x;
  if (a === Infinity) return x < 0 ? '-Infinity' : 'Infinity';
  if (a >= 1e-3 && a < 1e7) {
    // JavaScript prints this range in plain notation with the same (shortest) digits.
    const s = String(x);
    return Number.isInteger(x) ? `${s}.0` : s;
  }
  const { digits, exponent } = javaDigits(a);
  return (x < 0 ? '-' : '') + scientific(digits, exponent);
}

/**
 * The significant digits (no leading or trailing zeros, at least one digit) and decimal exponent of the
 * decimal Java's `Double.toString` chooses for the finite, positive double `a`:
 * `a ≈ d.ddd × 10^exponent` where `digits` = "dddd".
 */
export function javaDigits(a: number): { digits: string; exponent: number } {
  const shortest = splitExponential(a.toExponential());
  if (shortest.digits.length > 1) return shortest;
  // Java: when the shortest has one digit, the closest decimal of length 1 or 2 wins.
  const two = a.toExponential(1);
  if (Number(two) !== a) return shortest;
  return splitExponential(two);
}

function splitExponential(text: string): { digits: string; exponent: number } {
  const e = text.indexOf('e');
  let digits = text.charAt(0) + text.slice(2, e);
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48 /* 0 */) end--;
  digits = digits.slice(0, end);
  return { digits, exponent: Number(text.slice(e + 1)) };
}

function scientific(digits: string, exponent: number): string {
  const fraction = digits.length > 1 ? digits.slice(1) : '0';
  return `${digits.charAt(0)}.${fraction}E${exponent}`;
}
