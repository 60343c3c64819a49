import { MAX_TS, MIN_TS, type Datapoint } from './datapoint.js';
import { compareTs, KIND_DECIMAL, KIND_DOUBLE, KIND_FALSE, KIND_LONG, KIND_OBJECT, KIND_TRUE, PointColumns } from './point-columns.js';
import { binary, bool, decimal, double, long, string } from './value.js';

const p = (ts: bigint, value: Datapoint['value'] = long(1n)): Datapoint => ({ ts, value });
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

describe('PointColumns', () => {
  it.each<[string, Datapoint, number]>([
    ['a LONG', p(5n, long(-7n)), KIND_LONG],
    ['a DOUBLE', p(5n, double(-0)), KIND_DOUBLE],
    ['a DECIMAL', p(5n, decimal(150n, 2)), KIND_DECIMAL],
    ['true', p(5n, bool(true)), KIND_TRUE],
    ['false', p(5n, bool(false)), KIND_FALSE],
    ['a STRING', p(5n, string('x')), KIND_OBJECT],
    ['a BINARY', p(5n, binary(Uint8Array.of(1))), KIND_OBJECT],
    ['a LONG beyond 2^53', p(5n, long(SAFE + 1n)), KIND_OBJECT],
    ['a DECIMAL beyond 2^53', p(5n, decimal(-SAFE - 1n, 1)), KIND_OBJECT],
    ['a DECIMAL with a scale beyond 32 bits', p(5n, decimal(1n, 2 ** 40)), KIND_OBJECT],
    ['a timestamp beyond 2^53', p(SAFE + 1n), KIND_OBJECT],
    ['a located point', { ts: 5n, geo: 3n, value: long(1n) }, KIND_OBJECT],
    ['a point with elevation', { ts: 5n, elev: 3n, value: long(1n) }, KIND_OBJECT],
  ])('keeps %s exactly, as kind %p', (_, point, kind) => {
    const c = PointColumns.of([point]);
    expect(c.kind[0]).toBe(kind);
    expect(c.toDatapoints()).toStrictEqual([point]);
    expect(c.tsAt(0)).toBe(point.ts);
  });

  it('grows past its capacity and copies ranges with their objects', () => {
    const points = Array.from({ length: 100 }, (_, i) => p(BigInt(i), i % 3 === 0 ? string(`s${i}`) : long(BigInt(i))));
    const all = new PointColumns(1);
    for (const x of points) all.push(x);
    const part = new PointColumns(1);
    part.pushRange(all, 10, 40);
    part.pushRange(all, 90, 100);
    expect(part.toDatapoints()).toStrictEqual([...points.slice(10, 40), ...points.slice(90, 100)]);
    part.truncate(5);
    part.push(p(7n, double(0.5)));
    part.pushPoint(all, 3);
    part.pushPoint(all, 4);
    expect(part.toDatapoints()).toStrictEqual([...points.slice(10, 15), p(7n, double(0.5)), points[3], points[4]]);
    part.clear();
    expect(part.length).toBe(0);
  });

  it.each<[string, number]>([
    ['numeric points', 0],
    ['points kept as objects among numeric ones', 2],
  ])('reverses %s in place', (_name, every) => {
    const points = Array.from({ length: 7 }, (_, i) => p(BigInt(i), every > 0 && i % every === 0 ? string(`s${i}`) : decimal(BigInt(i), i)));
    const c = PointColumns.of(points);
    c.reverse();
    expect(c.toDatapoints()).toStrictEqual(points.slice().reverse());
  });

  it.each<[bigint, bigint, boolean]>([
    [SAFE, SAFE + 1n, false],
    [SAFE, SAFE - 1n, true],
    [-SAFE, -SAFE - 1n, true],
    [-SAFE, MIN_TS, true],
    [SAFE, MAX_TS, false],
    [MAX_TS, MAX_TS - 1n, true],
    [MAX_TS - 1n, MAX_TS, false],
    [MIN_TS, MIN_TS, false],
    [0n, -1n, true],
  ])('compares timestamps exactly: %p above %p is %p', (ts, x, above) => {
    const c = PointColumns.of([p(ts)]);
    expect(c.tsAbove(0, x, Number(x))).toBe(above);
    const other = PointColumns.of([p(x)]);
    expect(Math.sign(compareTs(c, 0, other, 0))).toBe(ts > x ? 1 : ts < x ? -1 : 0);
  });
});
