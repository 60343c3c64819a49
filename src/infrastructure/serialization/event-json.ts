/**
 * A JSON view of decoded events, for golden files and log dumps: JSON has no bigint, Map or bytes, so
 * bigints become decimal strings with an `n` suffix (`"-42n"`), Maps become objects (in insertion
 * order), Uint8Arrays become `{ "base64": "..." }`, NaN, infinities and -0 become the strings `"NaN"`,
 * `"Infinity"`, `"-Infinity"` and `"-0"`, and properties set to undefined are left out.
 * One-way on purpose: compare views, do not rebuild events from them.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function toJsonValue(value: unknown): JsonValue {
  switch (typeof value) {
    case 'bigint':
      return `${value}n`;
    case 'number':
      // NaN and infinities are not JSON: keep them readable instead of turning them into null.
      return Number.isFinite(value) ? (Object.is(value, -0) ? '-0' : value) : String(value);
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      if (value === null) return null;
      if (value instanceof Uint8Array) return { base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
      if (Array.isArray(value)) return value.map(toJsonValue);
      return objectOf(value instanceof Map ? value.entries() : Object.entries(value));
    default:
      throw new TypeError(`cannot convert a ${typeof value} to JSON`);
  }
}

function objectOf(entries: Iterable<[unknown, unknown]>): { [key: string]: JsonValue } {
  // A null-prototype object keeps a `__proto__` key as an ordinary property.
  const out: { [key: string]: JsonValue } = Object.create(null);
  for (const [k, v] of entries) {
    if (v !== undefined) out[String(k)] = toJsonValue(v);
  }
  return out;
}
