import { MAX_TS, MIN_TS } from '../../../../domain/datapoints/datapoint.js';
import { seriesIdBytes, seriesIdOf } from '../../../../domain/series/series.js';
import {
  blockKey,
  blockKeyMaxTs,
  blockKeySeries,
  blockKeyVersion,
  checkpointKey,
  prefixRange,
  REGISTRY_PREFIX,
  registryKey,
  seriesBlockRange,
  seriesKeyBytes,
} from './store-keys.js';

const compare = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b);
const within = (key: Uint8Array, r: { start: Uint8Array; end: Uint8Array }) => compare(key, r.start) >= 0 && compare(key, r.end) < 0;

describe('block keys', () => {
  const series = seriesKeyBytes(seriesIdOf(0x1234n, -5n));

  it('sort newer blocks first, over the whole signed 64-bit range', () => {
    const stamps = [MIN_TS, MIN_TS + 1n, -1_000_000n, -1n, 0n, 1n, 2n ** 53n + 1n, MAX_TS - 1n, MAX_TS];
    const keys = stamps.map((ts) => blockKey(series, ts, 7));
    const sorted = [...keys].sort(compare);
    expect(sorted.map(blockKeyMaxTs)).toEqual([...stamps].reverse());
  });

  it('order blocks of one newest timestamp by version', () => {
    const keys = [9, 0, 2 ** 40, 1].map((v) => blockKey(series, 5n, v)).sort(compare);
    expect(keys.map(blockKeyVersion)).toEqual([0, 1, 9, 2 ** 40]);
  });

  it.each([MIN_TS, -1n, 0n, MAX_TS])('round-trip newest ts %p, version and series', (ts) => {
    const id = seriesIdOf(-1n, 0x7fffffffffffffffn);
    const key = blockKey(seriesKeyBytes(id), ts, Number.MAX_SAFE_INTEGER);
    expect(key).toHaveLength(33);
    expect([blockKeyMaxTs(key), blockKeyVersion(key), blockKeySeries(key)]).toEqual([ts, Number.MAX_SAFE_INTEGER, id]);
  });

  it('keep each series in its own range, even for ids that share prefixes', () => {
    const ids = [seriesIdOf(0n, 0n), seriesIdOf(0n, 1n), seriesIdOf(0n, 256n), seriesIdOf(1n, 0n), seriesIdOf(-1n, -1n)];
    for (const a of ids) {
      const range = seriesBlockRange(seriesKeyBytes(a));
      for (const b of ids) {
        for (const ts of [MIN_TS, 0n, MAX_TS]) {
          expect(within(blockKey(seriesKeyBytes(b), ts, 0), range)).toBe(a === b);
          expect(within(blockKey(seriesKeyBytes(b), ts, Number.MAX_SAFE_INTEGER), range)).toBe(a === b);
        }
      }
    }
  });

  it('stay apart from registry rows and checkpoints', () => {
    const id = seriesIdOf(3n, 4n);
    const blocks = prefixRange(blockKey(seriesKeyBytes(id), 0n, 0)[0]);
    expect(within(registryKey(id), blocks)).toBe(false);
    expect(within(checkpointKey('store'), blocks)).toBe(false);
    expect(within(registryKey(id), prefixRange(REGISTRY_PREFIX))).toBe(true);
  });
});

describe('seriesKeyBytes', () => {
  it.each([seriesIdOf(0n, 0n), seriesIdOf(-1n, -1n), seriesIdOf(0x0123456789abcdefn, -0x0123456789abcdefn)])('matches seriesIdBytes for %s', (id) => {
    expect(seriesKeyBytes(id)).toEqual(seriesIdBytes(id));
  });
});

describe('checkpoint keys', () => {
  it.each(['store', 'directory', '', 'é✓', '__proto__'])('are distinct and prefixed for %p', (name) => {
    const key = checkpointKey(name);
    expect(key[0]).toBe(0x43);
    expect(Buffer.from(key.subarray(1)).toString('utf8')).toBe(name);
  });
});
