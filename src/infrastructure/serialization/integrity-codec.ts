import type { TopicEvents, TopicName } from '../../../domain/ports/topics.js';
import { sipHash24Halves, sipHashKey, type SipHashKey } from '../../../domain/series/siphash.js';
import { unwrapPadded, wrapPadded } from '../../../domain/tokens/aes-wrap.js';
import { CodecError } from './codec-error.js';
import type { RecordCodec } from './record-codec.js';

/** The optional keys protecting one topic's payloads (Warp 10: `<component>.kafka.<topic>.mac` / `.aes`). */
export interface IntegrityKeys {
  /** 128-bit SipHash key: an 8-byte MAC is appended to (and checked on) every payload. */
  readonly mac?: Uint8Array;
  /** 128/192/256-bit AES key: payloads are AES-wrapped (RFC 3394 after PKCS7 padding). */
  readonly aes?: Uint8Array;
}

/**
 * A payload that failed its integrity check (bad MAC, AES unwrap failure): tampered with, or written with
 * other keys. Never retriable; `bytes` is the payload as received, for the dead-letter topic.
 */
export class IntegrityError extends CodecError {
  constructor(
    message: string,
    readonly bytes: Uint8Array,
  ) {
    super(message);
    this.name = 'IntegrityError';
  }
}

const MAC_BYTES = 8;

interface Prepared {
  readonly mac?: SipHashKey;
  readonly aes?: Uint8Array;
}

/**
 * Warp 10's Kafka payload protection (reference §4.1) as a RecordCodec decorator:
 * `value = MAC(AES(payload))`, where AES is `wrapPadded` and MAC appends the 8-byte big-endian SipHash-2-4
 * of the preceding bytes. Keys are per topic; a topic without keys passes through unchanged. Producers and
 * consumers of a topic must be given the same keys (ingress.kafka.data.* = store.kafka.data.*, …).
 *
 * `decode` throws `IntegrityError` for a payload that fails a check, and counts it (`failures`): the source
 * reports it as an undecodable record and the runner's poison policy dead-letters it; it is never applied.
 */
export class IntegrityCodec implements RecordCodec {
  private readonly keys: Partial<Record<TopicName, Prepared>> = {};
  private failed = 0;

  constructor(
    private readonly inner: RecordCodec,
    keys: Partial<Record<TopicName, IntegrityKeys>>,
  ) {
    for (const topic of Object.keys(keys) as TopicName[]) {
      const k = keys[topic];
      if (!k || (!k.mac && !k.aes)) continue;
      if (k.aes && k.aes.length !== 16 && k.aes.length !== 24 && k.aes.length !== 32) {
        throw new TypeError(`cannot protect ${topic} payloads: AES key must be 128, 192 or 256 bits, got ${k.aes.length * 8}`);
      }
      this.keys[topic] = { mac: k.mac ? sipHashKey(k.mac) : undefined, aes: k.aes };
    }
  }

  /** Payloads rejected by `decode` since creation. */
  get failures(): number {
    return this.failed;
  }

  encode<T extends TopicName>(topic: T, event: TopicEvents[T]): Uint8Array {
    const payload = this.inner.encode(topic, event);
    const keys = this.keys[topic];
    if (!keys) return payload;
    const body = keys.aes ? wrap(topic, keys.aes, payload) : payload;
    if (!keys.mac) return body;
    const out = new Uint8Array(body.length + MAC_BYTES);
    out.set(body);
    const [hi, lo] = sipHash24Halves(keys.mac, body);
    writeUint32(out, body.length, hi);
    writeUint32(out, body.length + 4, lo);
    return out;
  }

  decode<T extends TopicName>(topic: T, bytes: Uint8Array): TopicEvents[T] {
    const keys = this.keys[topic];
    if (!keys) return this.inner.decode(topic, bytes);
    let body = bytes;
    if (keys.mac) {
      if (bytes.length < MAC_BYTES) throw this.fail(`cannot read ${topic} record: ${bytes.length} bytes, too short to carry a MAC`, bytes);
      const end = bytes.length - MAC_BYTES;
      const [hi, lo] = sipHash24Halves(keys.mac, bytes, 0, end);
      if (readUint32(bytes, end) !== hi || readUint32(bytes, end + 4) !== lo) throw this.fail(`cannot read ${topic} record: MAC check failed (tampered, or written with another ${topic} MAC key)`, bytes);
      body = bytes.subarray(0, end);
    }
    if (keys.aes) {
      const clear = unwrapPadded(keys.aes, body);
      if (clear === null) throw this.fail(`cannot read ${topic} record: AES unwrap failed (tampered, or written with another ${topic} AES key)`, bytes);
      body = clear;
    }
    return this.inner.decode(topic, body);
  }

  private fail(message: string, bytes: Uint8Array): IntegrityError {
    this.failed++;
    return new IntegrityError(message, bytes);
  }
}

/** Wraps `inner` only when some topic has a key: without keys, the codec is used as it is. */
export function withIntegrity(inner: RecordCodec, keys: Partial<Record<TopicName, IntegrityKeys>>): RecordCodec {
  return Object.values(keys).some((k) => k && (k.mac || k.aes)) ? new IntegrityCodec(inner, keys) : inner;
}

function wrap(topic: TopicName, key: Uint8Array, payload: Uint8Array): Uint8Array {
  try {
    return wrapPadded(key, payload);
  } catch (err) {
    throw new CodecError(`cannot AES-wrap a ${payload.length}-byte ${topic} payload: ${(err as Error).message}`, { cause: err });
  }
}

function writeUint32(target: Uint8Array, at: number, value: number): void {
  target[at] = value >>> 24;
  target[at + 1] = (value >>> 16) & 0xff;
  target[at + 2] = (value >>> 8) & 0xff;
  target[at + 3] = value & 0xff;
}

function readUint32(source: Uint8Array, at: number): number {
  return ((source[at] << 24) | (source[at + 1] << 16) | (source[at + 2] << 8) | source[at + 3]) >>> 0;
}
