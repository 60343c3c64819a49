import { type Datapoint } from '../datapoints/datapoint.js';
import { PointColumns } from '../datapoints/point-columns.js';
import { binary, bool, decimal, double, long, string, type Value } from '../datapoints/value.js';
import { toGeoPoint } from '../series/geo.js';
import { ByteSink } from '../text/byte-sink.js';
import { renderValueJson, renderValueText } from '../text/value-render.js';
import { tick, tsvTick, writeJsonPoint, writeTextTick, writeTsvTick, writeValueJson, writeValueText } from './point-render.js';

const values: Value[] = [
  long(0n), long(-42n), long(2n ** 53n - 1n), long(2n ** 53n), long(-(2n ** 63n)),
  double(0), double(-0), double(NaN), double(Infinity), double(1e7), double(1e-3), double(0.1), double(123.456), double(Number.MIN_VALUE), double(-2.5e-300),
  decimal(150n, 2), decimal(10n, 0), decimal(-5n, 3), decimal(2n ** 60n, 2), decimal(1n, 9),
  bool(true), bool(false), string("it's é"), binary(Uint8Array.of(0, 255)),
];
const points: Datapoint[] = [
  ...values.map((value, i) => ({ ts: BigInt(i * 1000 - 5000), value })),
  { ts: 2n ** 60n, value: long(1n) },
  { ts: 7n, geo: toGeoPoint(45, 90), elev: 120n, value: double(1.5) },
  { ts: 8n, elev: -3n, value: decimal(1n, 1) },
];

function each(write: (out: ByteSink, c: PointColumns, i: number) => void): string[] {
  const c = PointColumns.of(points);
  return points.map((_, i) => {
    const out = new ByteSink(4);
    write(out, c, i);
    return Buffer.concat(out.take()).toString('utf8');
  });
}

describe('point rendering from columns', () => {
  it('prints values as renderValueText and renderValueJson do', () => {
    expect(each(writeValueText)).toEqual(points.map((p) => renderValueText(p.value)));
    expect(each(writeValueJson)).toEqual(points.map((p) => renderValueJson(p.value)));
  });

  it('prints ticks as the Datapoint functions do', () => {
    expect(each(writeTextTick)).toEqual(points.map(tick));
    expect(each(writeTsvTick)).toEqual(points.map(tsvTick));
  });

  it('prints JSON points with location and elevation when present', () => {
    const json = each(writeJsonPoint);
    expect(json[0]).toBe('[-5000,0]');
    expect(json.at(-2)).toBe('[7,45.0,90.0,120,1.5]');
    expect(json.at(-1)).toBe('[8,-3,0.1]');
  });
});
