import { type Labels, type SeriesId, type SeriesName } from './series.js';
import { type SipHashKey, sipHash24Halves, sipHashKey } from './siphash.js';

/** How many per-string hashes of label names/values a SeriesIdentity remembers before starting afresh. */
export const LABEL_HASH_CACHE_SIZE = 16384;

const utf8 = new TextEncoder();

/**
 * Computes series ids exactly as Warp 10 does (`GTSHelper.classId` / `GTSHelper.labelsId`, reference
 * §3.1–3.2), so that ids, log keys and store keys agree with a Warp 10 deployment sharing the same
 * `warp.hash.class` / `warp.hash.labels` keys.
 *
 * - classId = H(utf8(className)) with the class key;
 * - labelsId = H(hn1 hv1 hn2 hv2 …) with the labels key, where hn/hv = H(utf8(name/value)), pairs
 *   sorted by (hn, hv) as signed longs, each written as 8 big-endian bytes; no labels → H(empty);
 * - H(x) = SipHash-2-4(x || reverse(x)) ("palindromic" hash).
 *
 * It runs for every new series, so it reuses its buffers and remembers the hashes of label
 * names/values (they repeat a lot: `host`, `dc`, …) in a bounded cache. Not safe for re-entrant use
 * from several threads (JavaScript has none; worker threads must each own an instance).
 */
export class SeriesIdentity {
  private readonly classKey: SipHashKey;
  private readonly labelsKey: SipHashKey;
  private readonly cache = new Map<string, number[]>();
  private buf = new Uint8Array(256);
  private hashes = new Uint32Array(64);
  private order = new Uint16Array(16);
  private readonly out: [number, number] = [0, 0];
  private readonly idCodes: number[] = new Array<number>(32).fill(0);

  /** Both keys are the 16 raw bytes of `warp.hash.class` and `warp.hash.labels` (Warp 10 byte order). */
  constructor(classKey: Uint8Array, labelsKey: Uint8Array) {
    this.classKey = sipHashKey(classKey);
    this.labelsKey = sipHashKey(labelsKey);
  }

  /** classId as a signed 64-bit long. */
  classId(className: string): bigint {
    this.hashString(this.classKey, className);
    return toLong(this.out[0], this.out[1]);
  }

  /** labelsId as a signed 64-bit long; independent of the order of `labels`. */
  labelsId(labels: Labels): bigint {
    this.hashLabels(labels);
    return toLong(this.out[0], this.out[1]);
  }

  /** The SeriesId (classId || labelsId as 32 lower-case hex characters, same text as `seriesIdOf`). */
  idOf(name: SeriesName): SeriesId {
    const codes = this.idCodes;
    this.hashString(this.classKey, name.className);
    hexCodes(this.out[0], codes, 0);
    hexCodes(this.out[1], codes, 8);
    this.hashLabels(name.labels);
    hexCodes(this.out[0], codes, 16);
    hexCodes(this.out[1], codes, 24);
    // One flat string: ids are Map keys and get read char by char (a concatenation would be a rope).
    return String.fromCharCode.apply(null, codes) as SeriesId;
  }

  private hashLabels(labels: Labels): void {
    const n = labels.size;
    if (this.hashes.length < n * 4) {
      this.hashes = new Uint32Array(n * 8);
      this.order = new Uint16Array(n * 2);
    }
    const h = this.hashes;
    let i = 0;
    for (const [name, value] of labels) {
      const hn = this.labelHash(name);
      const hv = this.labelHash(value);
      h[i * 4] = hn[0]; h[i * 4 + 1] = hn[1]; h[i * 4 + 2] = hv[0]; h[i * 4 + 3] = hv[1];
      i++;
    }
    const order = this.order;
    for (let k = 0; k < n; k++) order[k] = k;
    insertionSortPairs(h, order, n);
    const len = n * 16;
    const buf = this.ensureBuf(len * 2);
    for (let k = 0; k < n; k++) {
      const src = order[k] * 4;
      for (let w = 0; w < 4; w++) writeU32(buf, k * 16 + w * 4, h[src + w]);
    }
    this.palindrome(this.labelsKey, len);
  }

  private labelHash(text: string): number[] {
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    this.hashString(this.labelsKey, text);
    const hash = [this.out[0], this.out[1]];
    if (this.cache.size >= LABEL_HASH_CACHE_SIZE) this.cache.clear();
    this.cache.set(text, hash);
    return hash;
  }

  private hashString(key: SipHashKey, text: string): void {
    const buf = this.ensureBuf(text.length * 6);
    const { written } = utf8.encodeInto(text, buf);
    this.palindrome(key, written);
  }

  // Hashes buf[0..n) || reverse(buf[0..n)) into this.out.
  private palindrome(key: SipHashKey, n: number): void {
    const buf = this.buf;
    for (let k = 0; k < n; k++) buf[n + k] = buf[n - 1 - k];
    const [hi, lo] = sipHash24Halves(key, buf, 0, n * 2);
    this.out[0] = hi;
    this.out[1] = lo;
  }

  private ensureBuf(size: number): Uint8Array {
    if (this.buf.length < size) this.buf = new Uint8Array(Math.max(size, this.buf.length * 2));
    return this.buf;
  }
}

/**
 * The Java `UUID` text of a series (msb = classId, lsb = labelsId), as `/api/v0/find?showuuid=true`
 * prints it in the `.uuid` attribute (reference §3.2), e.g. `13cdb2f4-e83f-af35-4d2f-0d2a6669e647`.
 */
export function seriesUuid(id: SeriesId): string {
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}

// Sorts the pairs (hn, hv) of h (4 words per pair: hn.hi, hn.lo, hv.hi, hv.lo) through `order`.
function insertionSortPairs(h: Uint32Array, order: Uint16Array, n: number): void {
  for (let a = 1; a < n; a++) {
    const cur = order[a];
    let b = a - 1;
    while (b >= 0 && comparePairs(h, order[b], cur) > 0) {
      order[b + 1] = order[b];
      b--;
    }
    order[b + 1] = cur;
  }
}

function comparePairs(h: Uint32Array, x: number, y: number): number {
  const c = compareLong(h[x * 4], h[x * 4 + 1], h[y * 4], h[y * 4 + 1]);
  return c !== 0 ? c : compareLong(h[x * 4 + 2], h[x * 4 + 3], h[y * 4 + 2], h[y * 4 + 3]);
}

// Signed 64-bit comparison of (hi, lo) halves, as Java compares longs.
function compareLong(ahi: number, alo: number, bhi: number, blo: number): number {
  const sa = ahi | 0;
  const sb = bhi | 0;
  if (sa !== sb) return sa < sb ? -1 : 1;
  return alo === blo ? 0 : alo < blo ? -1 : 1;
}

function writeU32(buf: Uint8Array, o: number, v: number): void {
  buf[o] = v >>> 24;
  buf[o + 1] = (v >>> 16) & 0xff;
  buf[o + 2] = (v >>> 8) & 0xff;
  buf[o + 3] = v & 0xff;
}

function toLong(hi: number, lo: number): bigint {
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

// The 8 lower-case hex char codes of the unsigned 32-bit `v`, into codes[at..at+8).
function hexCodes(v: number, codes: number[], at: number): void {
  for (let k = 0; k < 8; k++) codes[at + k] = HEX_CODES[(v >>> (28 - 4 * k)) & 0xf];
}
