import avro from 'avsc';
import type { AvroSchema } from '../../../schemas/index.js';

/**
 * Builds avsc types for our schemas with two deviations from avsc's defaults, both needed for a
 * lossless wire contract:
 * - `long` is read and written as `bigint` (avsc's default refuses values above 2^53; ids, timestamps
 *   and GeoXPPoints use the full 64 bits);
 * - `map` is read as a JS `Map` (the domain's Labels/Attributes) and written from a `Map` or a plain
 *   object. avsc's own map reads into `{}`, where a key named `__proto__` (a legal label name) would
 *   be silently dropped.
 *
 * The map type overrides avsc 5's internal `_read/_write/_check/_copy` methods (what its own types
 * implement); avro-types.spec.ts pins that behaviour, so an avsc upgrade that changes it fails there.
 */

/** The part of avsc's internal Tap (a cursor over a Buffer) that the map type uses. */
interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  skipLong(): void;
  readString(): string;
  writeLong(n: number): void;
  writeString(s: string): void;
}

/** The internal methods of an avsc type that the map type calls on its values' type. */
interface InternalType {
  _read(tap: Tap): unknown;
  _write(tap: Tap, value: unknown): void;
  _check(value: unknown, flags: unknown, hook: unknown, path: unknown): boolean;
  _copy(value: unknown, opts?: { coerce?: number }): unknown;
}

const LONG_BYTES = Buffer.alloc(8);

/** A 64-bit signed long as bigint: fromBuffer/toBuffer get avsc's 8-byte little-endian form. */
const BIGINT_LONG = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer): bigint => buf.readBigInt64LE(0),
  // avsc copies the bytes out at once (packLongBytes), so one scratch buffer is enough.
  toBuffer: (n: bigint): Buffer => {
    LONG_BYTES.writeBigInt64LE(n);
    return LONG_BYTES;
  },
  fromJSON: (v: unknown): bigint => BigInt(v as string | number | bigint),
  toJSON: (n: bigint): number | string => (Number.isSafeInteger(Number(n)) ? Number(n) : n.toString()),
  isValid: (v: unknown): boolean => typeof v === 'bigint' && BigInt.asIntN(64, v) === v,
  compare: (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0),
});

/** Coercion mode avsc passes to `_copy` when exporting a value to JSON (e.g. a default). */
const COERCE_TO_JSON = 3;

class JsMapType extends avro.types.MapType {
  _read(tap: Tap): Map<string, unknown> {
    const values = this.valuesType as InternalType;
    const out = new Map<string, unknown>();
    for (;;) {
      let n = tap.readLong();
      if (n === 0) return out;
      if (n < 0) {
        n = -n;
        tap.skipLong();
      }
      // Every entry takes at least one byte: a larger count is corrupt (and would spin for long).
      if (n > tap.buf.length - tap.pos) throw new Error(`invalid map block count ${n}`);
      while (n-- > 0) {
        const key = tap.readString();
        out.set(key, values._read(tap));
      }
    }
  }

  _write(tap: Tap, value: unknown): void {
    const values = this.valuesType as InternalType;
    if (value instanceof Map) {
      if (value.size > 0) {
        tap.writeLong(value.size);
        for (const [k, v] of value) {
          tap.writeString(k as string);
          values._write(tap, v);
        }
      }
      tap.writeLong(0);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`invalid map: ${String(value)}`);
    }
    const keys = Object.keys(value);
    if (keys.length > 0) {
      tap.writeLong(keys.length);
      for (const k of keys) {
        tap.writeString(k);
        values._write(tap, (value as Record<string, unknown>)[k]);
      }
    }
    tap.writeLong(0);
  }

  _check(value: unknown, flags: unknown, hook: ((v: unknown, t: unknown) => void) | undefined, path: unknown): boolean {
    const values = this.valuesType as InternalType;
    let ok = value instanceof Map || (value !== null && typeof value === 'object' && !Array.isArray(value));
    if (ok) {
      for (const [k, v] of entriesOf(value as object)) {
        if (typeof k !== 'string' || !values._check(v, flags, undefined, path)) ok = false;
      }
    }
    if (!ok && hook) hook(value, this);
    return ok;
  }

  _copy(value: unknown, opts?: { coerce?: number }): unknown {
    const values = this.valuesType as InternalType;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`invalid map: ${String(value)}`);
    }
    if (opts?.coerce === COERCE_TO_JSON) {
      const out: Record<string, unknown> = Object.create(null);
      for (const [k, v] of entriesOf(value)) out[k] = values._copy(v, opts);
      return out;
    }
    const out = new Map<string, unknown>();
    for (const [k, v] of entriesOf(value)) out.set(k, values._copy(v, opts));
    return out;
  }
}

function entriesOf(value: object): Iterable<[string, unknown]> {
  return value instanceof Map ? (value as Map<string, unknown>) : Object.entries(value);
}

function typeHook(schema: unknown, opts: unknown): avro.Type | undefined {
  if (schema !== null && typeof schema === 'object' && (schema as { type?: unknown }).type === 'map') {
    return new JsMapType(schema as avro.Schema, opts);
  }
  return undefined;
}

/**
 * An avsc type for `schema` with bigint longs and Map maps. Creating one is costly (it generates
 * code): create it once per schema and keep it.
 */
export function avroTypeFor(schema: AvroSchema): avro.Type {
  return avro.Type.forSchema(schema as unknown as avro.Schema, { registry: { long: BIGINT_LONG }, typeHook });
}
