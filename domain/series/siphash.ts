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

/**
 * SipHash-2-4 of `data`; returns [hi, lo] unsigned 32-bit halves. The state lives in local variables
 * (v0..v3 as hi/lo pairs) and the SipRound is written out in full: a shared typed array or helper calls
 * made it ~10x slower, and this runs for every log key and every new series.
 */
export function sipHash24Halves(key: SipHashKey, data: Uint8Array, offset = 0, length = data.length - offset): [number, number] {
  // v0 = k0 ^ "somepseu", v1 = k1 ^ "dorandom", v2 = k0 ^ "lygenera", v3 = k1 ^ "tedbytes"
  let v0h = (key.k0hi ^ 0x736f6d65) >>> 0;
  let v0l = (key.k0lo ^ 0x70736575) >>> 0;
  let v1h = (key.k1hi ^ 0x646f7261) >>> 0;
  let v1l = (key.k1lo ^ 0x6e646f6d) >>> 0;
  let v2h = (key.k0hi ^ 0x6c796765) >>> 0;
  let v2l = (key.k0lo ^ 0x6e657261) >>> 0;
  let v3h = (key.k1hi ^ 0x74656462) >>> 0;
  let v3l = (key.k1lo ^ 0x79746573) >>> 0;
  let lo: number;
  let t: number;
  const blocks = Math.floor(length / 8);
  // Block `blocks` is the last word: remaining bytes, with length (mod 256) in the top byte.
  for (let b = 0, finalising = false; b <= blocks + 1; b++) {
    let mh = 0;
    let ml = 0;
    let rounds = 2;
    if (b < blocks) {
      const i = offset + b * 8;
      ml = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) >>> 0;
      mh = (data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24)) >>> 0;
    } else if (b === blocks) {
      const i = offset + b * 8;
      const rem = length % 8;
      mh = (length & 0xff) << 24;
      for (let j = 0; j < rem; j++) {
        if (j < 4) ml |= data[i + j] << (8 * j);
        else mh |= data[i + j] << (8 * (j - 4));
      }
      ml >>>= 0;
      mh >>>= 0;
    } else {
      finalising = true;
      rounds = 4;
      v2l = (v2l ^ 0xff) >>> 0;
    }
    if (!finalising) {
      v3h = (v3h ^ mh) >>> 0;
      v3l = (v3l ^ ml) >>> 0;
    }
    for (let r = 0; r < rounds; r++) {
      // v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
      lo = v0l + v1l; v0h = (v0h + v1h + (lo > 0xffffffff ? 1 : 0)) >>> 0; v0l = lo >>> 0;
      t = v1h; v1h = ((t << 13) | (v1l >>> 19)) >>> 0; v1l = ((v1l << 13) | (t >>> 19)) >>> 0;
      v1h = (v1h ^ v0h) >>> 0; v1l = (v1l ^ v0l) >>> 0;
      t = v0h; v0h = v0l; v0l = t;
      // v2 += v3; v3 <<<= 16; v3 ^= v2
      lo = v2l + v3l; v2h = (v2h + v3h + (lo > 0xffffffff ? 1 : 0)) >>> 0; v2l = lo >>> 0;
      t = v3h; v3h = ((t << 16) | (v3l >>> 16)) >>> 0; v3l = ((v3l << 16) | (t >>> 16)) >>> 0;
      v3h = (v3h ^ v2h) >>> 0; v3l = (v3l ^ v2l) >>> 0;
      // v0 += v3; v3 <<<= 21; v3 ^= v0
      lo = v0l + v3l; v0h = (v0h + v3h + (lo > 0xffffffff ? 1 : 0)) >>> 0; v0l = lo >>> 0;
      t = v3h; v3h = ((t << 21) | (v3l >>> 11)) >>> 0; v3l = ((v3l << 21) | (t >>> 11)) >>> 0;
      v3h = (v3h ^ v0h) >>> 0; v3l = (v3l ^ v0l) >>> 0;
      // v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
      lo = v2l + v1l; v2h = (v2h + v1h + (lo > 0xffffffff ? 1 : 0)) >>> 0; v2l = lo >>> 0;
      t = v1h; v1h = ((t << 17) | (v1l >>> 15)) >>> 0; v1l = ((v1l << 17) | (t >>> 15)) >>> 0;
      v1h = (v1h ^ v2h) >>> 0; v1l = (v1l ^ v2l) >>> 0;
      t = v2h; v2h = v2l; v2l = t;
    }
    if (!finalising) {
      v0h = (v0h ^ mh) >>> 0;
      v0l = (v0l ^ ml) >>> 0;
    }
  }
  return [(v0h ^ v1h ^ v2h ^ v3h) >>> 0, (v0l ^ v1l ^ v2l ^ v3l) >>> 0];
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
