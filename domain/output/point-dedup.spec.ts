import { type Datapoint } from '../datapoints/datapoint.js';
import { PointColumns } from '../datapoints/point-columns.js';
import { binary, decimal, double, long } from '../datapoints/value.js';
import { NO_LOCATION } from '../text/value-render.js';
import { keepsPoint, samePoint, samePointAt } from './point-dedup.js';

const kept = (points: Datapoint[], dedup: boolean) => {
  const columns = PointColumns.of(points);
  const out: bigint[] = [];
  for (let i = 0; i < columns.length; i++) if (keepsPoint(columns, i, dedup)) out.push(columns.tsAt(i));
  return out;
};
const longs = (...values: number[]): Datapoint[] => values.map((v, i) => ({ ts: BigInt(values.length - i), value: long(BigInt(v)) }));

describe('keepsPoint (reference §7.1 dedup)', () => {
  it.each([
    ['no dedup keeps everything', longs(1, 1, 1), false, [3n, 2n, 1n]],
    ['a run keeps its first point', longs(1, 1, 2), true, [3n, 1n]],
    ['the final run also keeps its last point', longs(1, 1, 1), true, [3n, 1n]],
    ['only the final run keeps its last point', longs(1, 1, 1, 2, 2, 3, 3, 3), true, [8n, 5n, 3n, 1n]],
    ['no duplicates', longs(1, 2, 3), true, [3n, 2n, 1n]],
    ['a single point', longs(7), true, [1n]],
    ['no points', [], true, []],
  ])('%s', (_, points, dedup, expected) => {
    expect(kept(points, dedup)).toEqual(expected);
  });
});

describe('samePoint', () => {
  const p = (over: Partial<Datapoint>): Datapoint => ({ ts: 1n, value: long(1n), ...over });
  it.each([
    ['timestamps are ignored', p({}), p({ ts: 2n }), true],
    ['locations differ', p({ geo: 1n }), p({ geo: 2n }), false],
    ['absent location equals the NO_LOCATION sentinel', p({}), p({ geo: NO_LOCATION }), true],
    ['elevations differ', p({ elev: 1n }), p({}), false],
    ['LONG 1 and DOUBLE 1.0 differ (Java Number.equals)', p({}), p({ value: double(1) }), false],
    ['DOUBLE NaN equals NaN (Java Double.equals)', p({ value: double(NaN) }), p({ value: double(NaN) }), true],
    ['DOUBLE and DECIMAL differ', p({ value: double(1.5) }), p({ value: decimal(15n, 1) }), false],
    ['equal bytes', p({ value: binary(Uint8Array.of(1, 2)) }), p({ value: binary(Uint8Array.of(1, 2)) }), true],
  ])('%s', (_, a, b, expected) => {
    expect(samePoint(a, b)).toBe(expected);
    expect(samePointAt(PointColumns.of([a, b]), 0, 1)).toBe(expected);
  });
});
