/**
 * Text forms of Java `BigDecimal`, for DECIMAL values (DOUBLEs written as short decimals, which
 * Warp 10 stores with `stripTrailingZeros()` and reads back as BigDecimal; reference §1.3, §7.1).
 * Both functions strip trailing zeros first, as the Warp 10 encoder does, so `(150, 2)` is `1.5`.
 */

/**
 * Warp 10's text rendering (`GTSHelper.encodeValue`): `toPlainString()`, plus `.0` when the stripped
 * scale is ≤ 0 (`1.50` → `1.5`, `10.0` → `10.0`, `0.00001` → `0.00001`, `0` → `0.0`).
 */
export function decimalToPlainText(unscaled: bigint, scale: number): string {
  const d = stripped(unscaled, scale);
  return d.scale <= 0 ? `${plain(d)}.0` : plain(d);
}

/**
 * Java `BigDecimal.toString()` of the stripped value, as Warp 10's JSON output prints DECIMALs:
 * plain when the scale is ≥ 0 and the adjusted exponent ≥ -6, otherwise `d.dddE±n`
 * (`10` → `1E+1`, `1.5` → `1.5`, `0.0000001` → `1E-7`).
 */
export function decimalToJavaString(unscaled: bigint, scale: number): string {
  const d = stripped(unscaled, scale);
  const adjusted = -d.scale + (d.digits.length - 1);
  if (d.scale >= 0 && adjusted >= -6) return plain(d);
  const mantissa = d.digits.length > 1 ? `${d.digits.charAt(0)}.${d.digits.slice(1)}` : d.digits;
  return `${d.negative ? '-' : ''}${mantissa}E${adjusted > 0 ? '+' : ''}${adjusted}`;
}

interface Decimal {
  readonly negative: boolean;
  readonly digits: string;
  readonly scale: number;
}

function stripped(unscaled: bigint, scale: number): Decimal {
  const negative = unscaled < 0n;
  const text = (negative ? -unscaled : unscaled).toString();
  if (text === '0') return { negative: false, digits: '0', scale: 0 };
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48 /* 0 */) end--;
  return { negative, digits: text.slice(0, end), scale: scale - (text.length - end) };
}

function plain({ negative, digits, scale }: Decimal): string {
  const sign = negative ? '-' : '';
  if (scale <= 0) return sign + digits + '0'.repeat(-scale);
  if (digits.length > scale) return `${sign}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return `${sign}0.${'0'.repeat(scale - digits.length)}${digits}`;
}
