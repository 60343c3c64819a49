import { DirectoryIndex } from '../../projections/directory/directory-index.js';
import { parseSelector } from './selector.js';
import { compareSeries, mergeOrderedSeries } from './series-order.js';
import { seriesIdFromHex, type Series } from './series.js';

function series(n: number, className: string, labels: [string, string][]): Series {
  return { id: seriesIdFromHex(n.toString(16).padStart(32, '0')), className, labels: new Map(labels), attributes: new Map() };
}

/** A deterministic pseudo-random sequence in [0, 1). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const ANY = [parseSelector('~.*{}', { absentLabelSupport: true })];

describe('compareSeries', () => {
  it.each([
    ['class name first', series(1, 'b', [['a', '1']]), series(2, 'a', [['z', '9']]), 1],
    ['then labels in name order', series(1, 'c', [['y', '1'], ['a', '2']]), series(2, 'c', [['a', '1'], ['z', '0']]), 1],
    ['label value after its name', series(1, 'c', [['a', '1']]), series(2, 'c', [['a', '2']]), -1],
    ['fewer labels first when a prefix', series(1, 'c', [['a', '1']]), series(2, 'c', [['a', '1'], ['b', '1']]), -1],
    ['UTF-16 code units, not locale', series(1, 'Z', []), series(2, 'a', []), -1],
    ['id last', series(2, 'c', []), series(1, 'c', []), 1],
  ])('orders by %s', (_, a, b, sign) => {
    expect(Math.sign(compareSeries(a, b))).toBe(sign);
    expect(Math.sign(compareSeries(b, a))).toBe(-sign);
  });
});

describe('mergeOrderedSeries', () => {
  it('merges shard answers into the order one directory holding every series answers', () => {
    const random = lcg(42);
    const all: Series[] = [];
    for (let n = 0; n < 300; n++) {
      const labels: [string, string][] = [];
      for (const name of ['host', 'dc', 'x']) if (random() < 0.7) labels.push([name, String(Math.floor(random() * 4))]);
      all.push(series(n + 1, ['cpu', 'mem', 'Disk'][Math.floor(random() * 3)], labels));
    }
    const whole = new DirectoryIndex();
    const shards = [new DirectoryIndex(), new DirectoryIndex(), new DirectoryIndex()];
    all.forEach((s, i) => {
      whole.upsert(s);
      shards[i % 3].upsert(s);
    });
    const merged = mergeOrderedSeries(shards.map((d) => d.find(ANY)));
    expect(merged.map((s) => s.id)).toEqual(whole.find(ANY).map((s) => s.id));
  });

  it.each([
    ['no list', [], []],
    ['empty lists', [[], []], []],
    ['one list, copied', [[1, 2]], [1, 2]],
    ['interleaved', [[1, 3], [2, 4], []], [1, 2, 3, 4]],
  ])('handles %s', (_, lists: number[][], expected: number[]) => {
    const byNumber = (n: number) => series(n, 'c', [['n', String(n).padStart(3, '0')]]);
    const input = lists.map((l) => l.map(byNumber));
    const merged = mergeOrderedSeries(input);
    expect(merged.map((s) => s.labels.get('n'))).toEqual(expected.map((n) => String(n).padStart(3, '0')));
    if (input.length === 1) expect(merged).not.toBe(input[0]);
  });
});
