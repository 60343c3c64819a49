/**
 * HBase row keys of the store: the embedded store's byte keys (store-keys.ts) written as printable
 * ASCII — the prefix byte as its letter, every following byte as two lowercase hex digits:
 *
 *   'M' || seriesId (32 hex)                                  series registry row (reference §3.3's M row)
 *   'D' || seriesId (32 hex) || ~maxTs (16 hex) || version (16 hex)   one block of datapoints
 *   'C' || hex(utf8(projection))                              a projection checkpoint
 *
 * Why not raw bytes as in Warp 10: the REST gateway takes row keys in URL paths for single-row GET and
 * DELETE, and decodes them as UTF-8 before HBase 2.6 (no base64 option), so bytes >= 0x80 cannot be
 * addressed. Hex keeps every key addressable and sorts exactly as the bytes do (same length per field,
 * digits before letters), so scans by prefix and range work unchanged; it doubles key size, which HBase's
 * FAST_DIFF block encoding mostly absorbs.
 */
const HEX = '0123456789abcdef';
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) HEX_VALUE[HEX.charCodeAt(d)] = d;

/** The printable row key of a store key whose first byte is an ASCII capital letter. */
export function rowKeyOf(key: Uint8Array): string {
  const prefix = key[0];
  if (key.length === 0 || prefix < 0x41 || prefix > 0x5a) throw new RangeError(`BUG: store key prefix ${prefix} is not a capital letter`);
  let out = String.fromCharCode(prefix);
  for (let i = 1; i < key.length; i++) out += HEX[key[i] >> 4] + HEX[key[i] & 15];
  return out;
}

/** The store key of a row key written by rowKeyOf; throws RangeError for anything else. */
export function storeKeyOf(row: string): Uint8Array {
  const n = row.length;
  if (n === 0 || n % 2 === 0) throw new RangeError(`not a store row key: '${row.slice(0, 80)}'`);
  const out = new Uint8Array((n + 1) / 2);
  out[0] = row.charCodeAt(0);
  for (let i = 1, j = 1; i < n; i += 2, j++) {
    const hi = HEX_VALUE[row.charCodeAt(i)] ?? -1;
    const lo = HEX_VALUE[row.charCodeAt(i + 1)] ?? -1;
    if (hi < 0 || lo < 0) throw new RangeError(`not a store row key: '${row.slice(0, 80)}'`);
    out[j] = (hi << 4) | lo;
  }
  return out;
}
