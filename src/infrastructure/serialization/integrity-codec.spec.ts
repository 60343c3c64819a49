import type { TopicEvents, TopicName } from '../../../domain/ports/topics.js';
import { sipHash24Bytes, sipHashKey } from '../../../domain/series/siphash.js';
import { unwrapPadded } from '../../../domain/tokens/aes-wrap.js';
import { AvroRecordCodec } from './avro-codec.js';
import { CodecError } from './codec-error.js';
import { EXAMPLE_DATA_EVENTS, EXAMPLE_METADATA_EVENTS } from './example-events.js';
import { IntegrityCodec, IntegrityError, withIntegrity, type IntegrityKeys } from './integrity-codec.js';
import type { RecordCodec } from './record-codec.js';
import { plainEvent } from '../../../domain/events/plain-event.fixture.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const MAC = hex('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
const AES128 = hex('000102030405060708090a0b0c0d0e0f');
const AES256 = hex('00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f');

/** A codec whose payload is always `bytes`: lets tests look at the framing alone. */
function fixedCodec(bytes: Uint8Array): RecordCodec & { decoded: Uint8Array[] } {
  const decoded: Uint8Array[] = [];
  return {
    decoded,
    encode: () => bytes,
    decode<T extends TopicName>(_topic: T, b: Uint8Array): TopicEvents[T] {
      decoded.push(new Uint8Array(b));
      return EXAMPLE_DATA_EVENTS['store-longs'] as TopicEvents[T];
    },
  };
}

const avro = new AvroRecordCodec();
const dataEvent = EXAMPLE_DATA_EVENTS['store-longs'];
const metadataEvent = Object.values(EXAMPLE_METADATA_EVENTS)[0];

describe('IntegrityCodec', () => {
  const protections: [string, IntegrityKeys][] = [
    ['a MAC', { mac: MAC }],
    ['AES-128', { aes: AES128 }],
    ['AES-256', { aes: AES256 }],
    ['a MAC over AES', { mac: MAC, aes: AES128 }],
  ];

  it.each(protections)('round-trips every example event of both topics with %s', (_name, keys) => {
    const codec = new IntegrityCodec(avro, { data: keys, metadata: keys });
    for (const event of Object.values(EXAMPLE_DATA_EVENTS)) expect(plainEvent(codec.decode('data', codec.encode('data', event)))).toEqual(event);
    for (const event of Object.values(EXAMPLE_METADATA_EVENTS)) expect(codec.decode('metadata', codec.encode('metadata', event))).toEqual(event);
    expect(codec.failures).toBe(0);
  });

  it("appends Warp 10's MAC: the 8-byte big-endian SipHash-2-4 of the payload (reference test vector)", () => {
    // SipHash-2-4 reference vector: key 00..0f, message 00..0e → 0xa129ca6149be45e5. Warp 10 reads the key
    // as two big-endian longs, so the same key is written here with each 8-byte half reversed.
    const payload = hex('000102030405060708090a0b0c0d0e');
    const codec = new IntegrityCodec(fixedCodec(payload), { data: { mac: hex('0706050403020100 0f0e0d0c0b0a0908') } });
    const value = codec.encode('data', dataEvent);
    expect(Buffer.from(value).toString('hex')).toBe('000102030405060708090a0b0c0d0e' + 'a129ca6149be45e5');
  });

  it('lays out MAC(AES(payload)): the MAC covers the wrapped bytes, which unwrap to the payload', () => {
    const payload = new TextEncoder().encode('a payload of some length');
    const codec = new IntegrityCodec(fixedCodec(payload), { data: { mac: MAC, aes: AES128 } });
    const value = codec.encode('data', dataEvent);
    const wrapped = value.subarray(0, value.length - 8);
    expect(value.subarray(value.length - 8)).toEqual(sipHash24Bytes(sipHashKey(MAC), wrapped));
    expect(unwrapPadded(AES128, wrapped)).toEqual(payload);
    expect(wrapped.length % 8).toBe(0);
  });

  it('passes a topic without keys through unchanged, and protects the other one', () => {
    const codec = new IntegrityCodec(avro, { data: { mac: MAC } });
    expect(codec.encode('metadata', metadataEvent)).toEqual(avro.encode('metadata', metadataEvent));
    expect(codec.encode('data', dataEvent)).toHaveLength(avro.encode('data', dataEvent).length + 8);
  });

  const tamperings: [string, IntegrityKeys, (v: Uint8Array) => Uint8Array][] = [
    ['a payload byte flipped under a MAC', { mac: MAC }, (v) => flip(v, 6)],
    ['a MAC byte flipped', { mac: MAC }, (v) => flip(v, v.length - 1)],
    ['the MAC cut off', { mac: MAC }, (v) => v.subarray(0, v.length - 8)],
    ['shorter than a MAC', { mac: MAC }, (v) => v.subarray(0, 5)],
    ['a wrapped byte flipped, no MAC', { aes: AES128 }, (v) => flip(v, 3)],
    ['a wrapped byte flipped under a MAC', { mac: MAC, aes: AES128 }, (v) => flip(v, 2)],
    ['a wrapped byte flipped, then MACed again (AES catches it)', { mac: MAC, aes: AES128 }, (v) => remac(flip(v.subarray(0, v.length - 8), 2))],
    ['a byte cut from the wrapped bytes', { aes: AES256 }, (v) => v.subarray(1)],
  ];

  it.each(tamperings)('rejects %s with an IntegrityError, counts it, and never calls the inner codec', (_name, keys, tamper) => {
    const inner = fixedCodec(avro.encode('data', dataEvent));
    const codec = new IntegrityCodec(inner, { data: keys });
    const value = tamper(codec.encode('data', dataEvent));
    let error: unknown;
    try {
      codec.decode('data', value);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error).toBeInstanceOf(CodecError);
    expect(error).toMatchObject({ retriable: false, bytes: value });
    expect(codec.failures).toBe(1);
    expect(inner.decoded).toEqual([]);
  });

  it.each([
    ['MAC key', { mac: MAC }, { mac: hex('00'.repeat(16)) }],
    ['AES key', { aes: AES128 }, { aes: AES256 }],
  ])('rejects payloads written with another %s', (_name, writerKeys, readerKeys) => {
    const value = new IntegrityCodec(avro, { data: writerKeys }).encode('data', dataEvent);
    const reader = new IntegrityCodec(avro, { data: readerKeys });
    expect(() => reader.decode('data', value)).toThrow(/check failed|unwrap failed/);
    expect(reader.failures).toBe(1);
  });

  it('refuses an AES key of a size AES does not have', () => {
    expect(() => new IntegrityCodec(avro, { data: { aes: hex('00'.repeat(20)) } })).toThrow(/128, 192 or 256 bits/);
  });

  it('is not used by withIntegrity when no topic has a key', () => {
    expect(withIntegrity(avro, {})).toBe(avro);
    expect(withIntegrity(avro, { data: {}, metadata: { mac: undefined } })).toBe(avro);
    expect(withIntegrity(avro, { metadata: { aes: AES128 } })).toBeInstanceOf(IntegrityCodec);
  });
});

function remac(body: Uint8Array): Uint8Array {
  return new Uint8Array([...body, ...sipHash24Bytes(sipHashKey(MAC), body)]);
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const out = new Uint8Array(bytes);
  out[at] ^= 0x01;
  return out;
}
