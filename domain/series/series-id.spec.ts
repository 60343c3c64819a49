import { LABEL_HASH_CACHE_SIZE, SeriesIdentity, seriesUuid } from './series-id.js';
import { type Labels, classIdOf, labelsIdOf, seriesIdOf } from './series.js';
import { palindromicSipHash, sipHashKey } from './siphash.js';

// Reference §3.2: key bytes 00 01 02 … 0f for both the class and the labels key.
const key = Uint8Array.from({ length: 16 }, (_, i) => i);
const labels = (...pairs: [string, string][]): Labels => new Map(pairs);
const hex = (v: bigint) => BigInt.asUintN(64, v).toString(16).padStart(16, '0');

// A deliberately naive labelsId, written from the §3.2 prose, to cross-check the optimised one.
function slowLabelsId(k: Uint8Array, l: Labels): bigint {
  const sk = sipHashKey(k);
  const h = (s: string) => {
    const [hi, lo] = palindromicSipHash(sk, new TextEncoder().encode(s));
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
  };
  const pairs = [...l].map(([n, v]) => [h(n), h(v)]);
  pairs.sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const bytes = new Uint8Array(pairs.length * 16);
  const dv = new DataView(bytes.buffer);
  pairs.flat().forEach((v, i) => dv.setBigInt64(i * 8, v));
  const [hi, lo] = palindromicSipHash(sk, bytes);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

describe('SeriesIdentity', () => {
  const identity = new SeriesIdentity(key, key);

  it.each([
    ['foo', '13cdb2f4e83faf35'],
    ['', '48dd3a16b9a440c3'],
  ])('computes classId(%j) as in reference §3.2', (name, expected) => {
    expect(hex(identity.classId(name))).toBe(expected);
  });

  it.each([
    ['no labels', labels(), '48dd3a16b9a440c3'],
    ['{a=b}', labels(['a', 'b']), '4d2f0d2a6669e647'],
    ['{a=b,c=d}', labels(['a', 'b'], ['c', 'd']), '77aa257a83b5bcaf'],
    ['{c=d,a=b} (input order is irrelevant)', labels(['c', 'd'], ['a', 'b']), '77aa257a83b5bcaf'],
  ])('computes labelsId of %s as in reference §3.2', (_, l, expected) => {
    expect(hex(identity.labelsId(l))).toBe(expected);
  });

  it('returns classId and labelsId as signed longs', () => {
    // 0xb9… would be negative as a Java long; 0x48dd… is positive.
    expect(identity.classId('')).toBe(0x48dd3a16b9a440c3n);
    const l = labels(['host', 'é€😀'], ['dc', 'paris']);
    expect(identity.labelsId(l)).toBe(slowLabelsId(key, l));
  });

  it.each([
    ['many labels, non-ASCII', labels(...Array.from({ length: 40 }, (_, i) => [`n${i}é`, `v${i % 3}`] as [string, string]))],
    ['long values', labels(['a', 'x'.repeat(5000)], ['b', '𝄞'.repeat(300)])],
    ['empty name and value', labels(['', ''], ['x', ''])],
  ])('agrees with a naive implementation for %s', (_, l) => {
    expect(identity.labelsId(l)).toBe(slowLabelsId(key, l));
  });

  it('uses different keys for class and labels', () => {
    const other = new SeriesIdentity(key, new Uint8Array(16));
    expect(other.classId('foo')).toBe(identity.classId('foo'));
    expect(other.labelsId(labels(['a', 'b']))).not.toBe(identity.labelsId(labels(['a', 'b'])));
    expect(other.labelsId(labels(['a', 'b']))).toBe(slowLabelsId(new Uint8Array(16), labels(['a', 'b'])));
  });

  it('builds the same SeriesId text as seriesIdOf', () => {
    const name = { className: 'foo', labels: labels(['a', 'b']) };
    const id = identity.idOf(name);
    expect(id).toBe(seriesIdOf(identity.classId('foo'), identity.labelsId(name.labels)));
    expect(id).toBe('13cdb2f4e83faf354d2f0d2a6669e647');
    expect(classIdOf(id)).toBe(0x13cdb2f4e83faf35n);
    expect(labelsIdOf(id)).toBe(0x4d2f0d2a6669e647n);
  });

  it('keeps giving the same ids after its label cache is emptied', () => {
    const fresh = new SeriesIdentity(key, key);
    const l = labels(['a', 'b'], ['c', 'd']);
    const before = fresh.labelsId(l);
    for (let i = 0; i <= LABEL_HASH_CACHE_SIZE; i++) fresh.labelsId(labels(['k', `v${i}`]));
    expect(fresh.labelsId(l)).toBe(before);
    expect(hex(before)).toBe('77aa257a83b5bcaf');
  });

  it('builds the same SeriesId text as seriesIdOf for many names (leading zeros, high bits)', () => {
    for (let i = 0; i < 500; i++) {
      const name = { className: `c${i}`, labels: labels(['k', `${i * 7919}`], ['x', `${i % 3}`]) };
      expect(identity.idOf(name)).toBe(seriesIdOf(identity.classId(name.className), identity.labelsId(name.labels)));
    }
  });

  it('rejects keys that are not 16 bytes', () => {
    expect(() => new SeriesIdentity(new Uint8Array(8), key)).toThrow(/16 bytes/);
  });
});

describe('seriesUuid', () => {
  it.each([
    ['13cdb2f4e83faf354d2f0d2a6669e647', '13cdb2f4-e83f-af35-4d2f-0d2a6669e647'],
    // Java: new UUID(-1L, 1L).toString()
    ['ffffffffffffffff0000000000000001', 'ffffffff-ffff-ffff-0000-000000000001'],
  ])('prints %s as the Java UUID %s (reference §3.2)', (id, uuid) => {
    expect(seriesUuid(id as never)).toBe(uuid);
  });
});
