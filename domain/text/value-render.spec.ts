import { type Datapoint } from '../datapoints/datapoint.js';
import { binary, bool, decimal, double, long, string } from '../datapoints/value.js';
import { fromGeoPoint, toGeoPoint } from '../series/geo.js';
import { javaDoubleToString } from './java-double.js';
import {
  NO_ELEVATION,
  NO_LOCATION,
  hasElevation,
  hasLocation,
  renderElevation,
  renderLocation,
  renderValueJson,
  renderValueText,
} from './value-render.js';

describe('renderValueText (reference §7.1 "Value rendering")', () => {
  it.each([
    ['LONG', long(-3n), '-3'],
    ['LONG max', long(9223372036854775807n), '9223372036854775807'],
    ['DOUBLE', double(1000), '1000.0'],
    ['DOUBLE large', double(1e7), '1.0E7'],
    ['DOUBLE small', double(1e-5), '1.0E-5'],
    ['DOUBLE NaN', double(NaN), 'NaN'],
    ['DOUBLE Infinity', double(Infinity), 'Infinity'],
    ['DECIMAL 1.50', decimal(150n, 2), '1.5'],
    ['DECIMAL 10.0', decimal(100n, 1), '10.0'],
    ['DECIMAL 0.00001', decimal(1n, 5), '0.00001'],
    ['BOOLEAN true', bool(true), 'T'],
    ['BOOLEAN false', bool(false), 'F'],
    ['STRING with space and quote', string("it's a b"), "'it%27s%20a%20b'"],
    ['STRING non-ASCII', string('é~'), "'%C3%A9%7E'"],
    ['STRING empty', string(''), "''"],
    ['BINARY', binary(Uint8Array.from([1, 2, 3])), 'b64:AQID'],
  ])('prints %s', (_, value, expected) => {
    expect(renderValueText(value)).toBe(expected);
  });
});

describe('renderValueJson (reference §7.1 json)', () => {
  it.each([
    ['LONG', long(-3n), '-3'],
    ['DOUBLE', double(3.14), '3.14'],
    ['DOUBLE integral', double(42), '42.0'],
    ['DOUBLE NaN (bare, as Warp 10)', double(NaN), 'NaN'],
    ['DOUBLE -Infinity', double(-Infinity), '-Infinity'],
    ['DECIMAL 10 as BigDecimal.toString', decimal(100n, 1), '1E+1'],
    ['DECIMAL 1.50', decimal(150n, 2), '1.5'],
    ['BOOLEAN', bool(true), 'true'],
    ['STRING', string('a"é'), '"a\\"\\u00E9"'],
    ['BINARY as ISO-8859-1', binary(Uint8Array.from([0x41, 0xe9])), '"A\\u00E9"'],
  ])('prints %s', (_, value, expected) => {
    expect(renderValueJson(value)).toBe(expected);
  });
});

describe('location and elevation', () => {
  it('prints GeoXPPoint 0 as -90.0 and -180.0 (Warp 10 EgressFetchHandlerTest_1.json)', () => {
    expect(renderLocation(0n, ',')).toBe('-90.0,-180.0');
  });

  it('prints a quantised location with Java Double.toString, joined by the separator', () => {
    const geo = toGeoPoint(48.85, 2.35);
    const { lat, lon } = fromGeoPoint(geo);
    expect(renderLocation(geo, ':')).toBe(`${javaDoubleToString(lat)}:${javaDoubleToString(lon)}`);
    expect(renderLocation(geo, ':')).toMatch(/^48\.8\d+:2\.3\d+$/);
  });

  it('decodes exactly like fromGeoPoint over the whole range', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const points = [0n, -1n, NO_LOCATION, 2n ** 63n - 1n, -(2n ** 63n)];
    for (let i = 0; i < 500; i++) points.push(toGeoPoint(next() * 180 - 90, next() * 360 - 180));
    for (const geo of points) {
      const { lat, lon } = fromGeoPoint(geo);
      expect(renderLocation(geo, '/')).toBe(`${javaDoubleToString(lat)}/${javaDoubleToString(lon)}`);
    }
  });

  it.each([
    [{ ts: 1n, value: long(1n) }, false, false],
    [{ ts: 1n, geo: 0n, elev: 0n, value: long(1n) }, true, true],
    [{ ts: 1n, geo: NO_LOCATION, elev: NO_ELEVATION, value: long(1n) }, false, false],
  ] as [Datapoint, boolean, boolean][])('knows whether %j has a location and an elevation', (p, loc, elev) => {
    expect([hasLocation(p), hasElevation(p)]).toEqual([loc, elev]);
  });

  it('prints elevations as longs', () => {
    expect(renderElevation(-12n)).toBe('-12');
  });
});
