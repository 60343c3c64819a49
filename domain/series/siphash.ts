/**
 * SipHash-2-4 with a 64-bit output, computed on 32-bit halves (BigInt would be ~20x slower, and ids
 * are hashed for every new series). Warp 10 reads the 16 key bytes as two BIG-endian longs
 * (k0 = bytes 0..7, k1 = bytes 8..15; reference §3.1), unlike reference SipHash which reads them
 * little-endian; `sipHashKey` follows Warp 10. Message words are little-endian, as in the reference.
 */
export interface SipHashKey {
  readonly k0hi: number;
  readonly k0lo: number;
  readonly k1hi: number;
  readonly k1lo: number;
}

/** Key from 16 bytes, Warp 10 convention (two big-endian longs). */
export function sipHashKey(bytes: Uint8Array): SipHashKey {
  if (bytes.length !== 16) throw new TypeError(`cannot use SipHash key: expected 16 bytes, got ${bytes.length}`);
  const be = (o: number) => ((bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3]) >>> 0;
  return { k0hi: be(0), k0lo: be(4), k1hi: be(8), k1lo: be(12) };
}

/** Key from two signed longs k0, k1. */
export function sipHashKeyOfLongs(k0: bigint, k1: bigint): SipHashKey {
  const u0 = BigInt.asUintN(64, k0);
  const u1 = BigInt.asUintN(64, k1);
  return { k0hi: Number(u0 >> 32n), k0lo: Number(u0 & 0xffffffffn), k1hi: Number(u1 >> 32n), k1lo: Number(u1 & 0xffffffffn) };
}

// State v0..v3 as (hi, lo) pairs: s[0]=v0hi s[1]=v0lo s[2]=v1hi s[3]=v1lo s[4]=v2hi s[5]=v2lo s[6]=v3hi s[7]=v3lo
const s = new Uint32Array(8);

function add(a: number, b: number): void {
  // va += vb
  const lo = s[a + 1] + s[b + 1];
  s[a] = s[a] + s[b] + (lo > 0xffffffff ? 1 : 0);
  s[a + 1] = lo;
}

function rotl(a: number, n: number): void {
  const hi = s[a];
  const lo = s[a + 1];
  if (n === 32) {
    s[a] = lo;
    s[a + 1] = hi;
  } else if (n < 32) {
    s[a] = (hi << n) | (lo >>> (32 - n));
    s[a + 1] = (lo << n) | (hi >>> (32 - n));
  } else {
    const m = n - 32;
    s[a] = (lo << m) | (hi >>> (32 - m));
    s[a + 1] = (hi << m) | (lo >>> (32 - m));
  }
}

function xor(a: number, b: number): void {
  s[a] ^= s[b];
  s[a + 1] ^= s[b + 1];
}

function round(): void {
  add(0, 2); rotl(2, 13); xor(2, 0); rotl(0, 32);
  add(4, 6); rotl(6, 16); xor(6, 4);
  add(0, 6); rotl(6, 21); xor(6, 0);
  add(4, 2); rotl(2, 17); xor(2, 4); rotl(4, 32);
}

function compress(hi: number, lo: number): void {
  s[6] ^= hi; s[7] ^= lo;
  round(); round();
  s[0] ^= hi; s[1] ^= lo;
}

/** SipHash-2-4 of `data`; returns [hi, lo] unsigned 32-bit halves. */
export function sipHash24Halves(key: SipHashKey, data: Uint8Array, offset = 0, length = data.length - offset): [number, number] {
  // v0 = k0 ^ "somepseu", v1 = k1 ^ "dorandom", v2 = k0 ^ "lygenera", v3 = k1 ^ "tedbytes"
  s[0] = key.k0hi ^ 0x736f6d65; s[1] = key.k0lo ^ 0x70736575;
  s[2] = key.k1hi ^ 0x646f7261; s[3] = key.k1lo ^ 0x6e646f6d;
  s[4] = key.k0hi ^ 0x6c796765; s[5] = key.k0lo ^ 0x6e657261;
  s[6] = key.k1hi ^ 0x74656462; s[7] = key.k1lo ^ 0x79746573;
  const end = offset + length - (length % 8);
  let i = offset;
  for (; i < end; i += 8) {
    const lo = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) >>> 0;
    const hi = (data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24)) >>> 0;
    compress(hi, lo);
  }
  // Last word: remaining bytes, length (mod 256) in the top byte.
  let lastLo = 0;
  let lastHi = (length & 0xff) << 24;
  const rem = length % 8;
  for (let j = 0; j < rem; j++) {
    const b = data[i + j];
    if (j < 4) lastLo |= b << (8 * j);
    else lastHi |= b << (8 * (j - 4));
  }
  compress(lastHi >>> 0, lastLo >>> 0);
  s[5] ^= 0xff;
  round(); round(); round(); round();
  const hi = (s[0] ^ s[2] ^ s[4] ^ s[6]) >>> 0;
  const lo = (s[1] ^ s[3] ^ s[5] ^ s[7]) >>> 0;
  return [hi, lo];
}

/** SipHash-2-4 of `data` as a signed 64-bit long (Java's long). */
export function sipHash24(key: SipHashKey, data: Uint8Array): bigint {
  const [hi, lo] = sipHash24Halves(key, data);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

/** The 8-byte big-endian form of a SipHash result. */
export function sipHash24Bytes(key: SipHashKey, data: Uint8Array): Uint8Array {
  const [hi, lo] = sipHash24Halves(key, data);
  const out = new Uint8Array(8);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, hi);
  dv.setUint32(4, lo);
  return out;
}

/** Warp 10's "palindromic" hash used for ids: SipHash24(x || reverse(x)) (reference §3.1). */
export function palindromicSipHash(key: SipHashKey, data: Uint8Array): [number, number] {
  const n = data.length;
  const buf = new Uint8Array(n * 2);
  buf.set(data, 0);
  for (let k = 0; k < n; k++) buf[n + k] = data[n - 1 - k];
  return sipHash24Halves(key, buf);
}
