import { seriesIdOf } from '../../../../domain/series/series.js';
import { blockKey, checkpointKey, registryKey, seriesBlockRange, seriesKeyBytes } from '../embedded/store-keys.js';
import { rowKeyOf, storeKeyOf } from './hbase-row-keys.js';

const S = seriesIdOf(0x0123456789abcdefn, -2n);

describe('HBase row keys', () => {
  it.each<[string, Uint8Array, string]>([
    ['a registry row is M and the series id', registryKey(S), `M${S}`],
    ['a block row is D, the series id, ~maxTs and the version', blockKey(seriesKeyBytes(S), 0n, 1), `D${S}7fffffffffffffff0000000000000001`],
    ['a checkpoint row is C and the hex of the UTF-8 name', checkpointKey('stø'), 'C7374c3b8'],
    ['a one-byte prefix bound is its letter', Uint8Array.of(0x45), 'E'],
  ])('%s', (_name, key, row) => {
    expect(rowKeyOf(key)).toBe(row);
    expect(storeKeyOf(row)).toEqual(key);
  });

  it('sorts row keys exactly as the store keys they stand for', () => {
    const series = [seriesIdOf(0n, 0n), seriesIdOf(-1n, -1n), S, seriesIdOf(0x7fn, 0x80n)].map(seriesKeyBytes);
    const keys = series.flatMap((s) => [blockKey(s, -5n, 3), blockKey(s, 2n ** 62n, 0), blockKey(s, 7n, 2 ** 40), seriesBlockRange(s).start, seriesBlockRange(s).end]);
    keys.push(registryKey(S), checkpointKey(''), checkpointKey('a'), checkpointKey('\u00ff'), Uint8Array.of(0x44), Uint8Array.of(0x45));
    const byBytes = [...keys].sort((a, b) => Buffer.compare(a, b)).map(rowKeyOf);
    const byRows = keys.map(rowKeyOf).sort((a, b) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1')));

    expect(byRows).toEqual(byBytes);
  });

  it.each(['', 'D0', 'Dzz', 'D0g'])('refuses %j, which no store key maps to', (row) => {
    expect(() => storeKeyOf(row)).toThrow(RangeError);
  });

  it('refuses a store key whose prefix is not a capital letter', () => {
    expect(() => rowKeyOf(Uint8Array.of(0x61, 1))).toThrow(/prefix/);
  });
});
