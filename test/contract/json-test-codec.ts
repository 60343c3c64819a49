import type { TopicEvents, TopicName } from '../../domain/ports/topics.js';
import type { RecordCodec } from '../../src/infrastructure/serialization/record-codec.js';

/**
 * A plain JSON codec for log contract tests (the Avro codec is the production one). It keeps what JSON
 * loses: bigint as {"$big": "…"}, Map as {"$map": [[k, v], …]}, Uint8Array as {"$bytes": base64}; the
 * topic is written too and checked on decode, and garbage throws (as `RecordCodec` requires).
 */
export const jsonTestCodec: RecordCodec = {
  encode<T extends TopicName>(topic: T, event: TopicEvents[T]): Uint8Array {
    return Buffer.from(JSON.stringify({ topic, event }, replacer), 'utf8');
  },
  decode<T extends TopicName>(topic: T, bytes: Uint8Array): TopicEvents[T] {
    const parsed = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), reviver) as { topic: unknown; event: unknown };
    if (parsed === null || typeof parsed !== 'object' || parsed.topic !== topic) throw new TypeError(`cannot decode ${topic} record: wrong topic ${String(parsed?.topic)}`);
    return parsed.event as TopicEvents[T];
  },
};

function replacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (typeof raw === 'bigint') return { $big: raw.toString() };
  if (raw instanceof Map) return { $map: [...raw] };
  if (raw instanceof Uint8Array) return { $bytes: Buffer.from(raw).toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (typeof o.$big === 'string') return BigInt(o.$big);
    if (Array.isArray(o.$map)) return new Map(o.$map as [unknown, unknown][]);
    if (typeof o.$bytes === 'string') return new Uint8Array(Buffer.from(o.$bytes, 'base64'));
  }
  return value;
}

/** Wraps a codec so that chosen events fail to encode, or fail to decode (poison records). */
export function faultyCodec(base: RecordCodec, faults: { encode?: (event: unknown) => boolean; decode?: (event: unknown) => boolean }): RecordCodec {
  return {
    encode(topic, event) {
      if (faults.encode?.(event)) throw new TypeError('cannot encode: refused by the test');
      return base.encode(topic, event);
    },
    decode(topic, bytes) {
      const event = base.decode(topic, bytes);
      if (faults.decode?.(event)) throw new TypeError('cannot decode: refused by the test');
      return event;
    },
  };
}
