/**
 * A datapoint value, as Warp 10 types them (reference §1.3): LONG (64-bit), DOUBLE (IEEE 754),
 * DECIMAL (a DOUBLE that was written as a short decimal and is kept exact, so that `1.50` reads back
 * as `1.5`, reference §7.1), BOOLEAN, STRING and BINARY (Warp 10's STRING with the binary flag).
 */
export type Value =
  | { readonly type: 'LONG'; readonly value: bigint }
  | { readonly type: 'DOUBLE'; readonly value: number }
  | { readonly type: 'DECIMAL'; readonly unscaled: bigint; readonly scale: number }
  | { readonly type: 'BOOLEAN'; readonly value: boolean }
  | { readonly type: 'STRING'; readonly value: string }
  | { readonly type: 'BINARY'; readonly value: Uint8Array };

export type ValueType = Value['type'];

export const long = (value: bigint): Value => ({ type: 'LONG', value });
export const double = (value: number): Value => ({ type: 'DOUBLE', value });
export const decimal = (unscaled: bigint, scale: number): Value => ({ type: 'DECIMAL', unscaled, scale });
export const bool = (value: boolean): Value => ({ type: 'BOOLEAN', value });
export const string = (value: string): Value => ({ type: 'STRING', value });
export const binary = (value: Uint8Array): Value => ({ type: 'BINARY', value });

/** The numeric value of a DECIMAL, as a double. */
export function decimalToNumber(unscaled: bigint, scale: number): number {
  return Number(`${unscaled}e${-scale}`);
}

/** Equality of two values (same type and same content); used for dedup. */
export function sameValue(a: Value, b: Value): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'DECIMAL': {
      const o = b as typeof a;
      return a.unscaled === o.unscaled && a.scale === o.scale;
    }
    case 'DOUBLE':
      return Object.is(a.value, (b as typeof a).value);
    case 'BINARY': {
      const o = (b as typeof a).value;
      return a.value.length === o.length && a.value.every((x, i) => x === o[i]);
    }
    default:
      return a.value === (b as typeof a).value;
  }
}
