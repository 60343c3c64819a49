import type { TimeUnit } from '../datapoints/time-units.js';
import { AMBIGUOUS_DURATION, DurationFormatError, nanosToUnits, parseIsoDurationNanos, parseIsoInstant } from './iso-time.js';

/** ms since the epoch of a UTC date, computed by the JS Date (an independent oracle). */
function utcMs(year: number, month = 1, day = 1, h = 0, mi = 0, s = 0): bigint {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(h, mi, s, 0);
  return BigInt(d.getTime());
}

describe('parseIsoInstant reads what ZonedDateTime.parse reads', () => {
  it.each<[string, TimeUnit, bigint]>([
    ['2020-01-01T00:00:00Z', 'ms', 1577836800000n],
    ['2020-01-01T00:00:00Z', 'us', 1577836800000000n],
    ['2020-01-01T00:00:00Z', 'ns', 1577836800000000000n],
    ['2020-01-01T00:00:00.123456+02:00', 'us', 1577829600123456n],
    ['2020-01-01T00:00:00.123456789Z', 'ns', 1577836800123456789n],
    ['2020-01-01T00:00:00.123456789Z', 'us', 1577836800123456n],
    ['2020-01-01T00:00:00.123456789Z', 'ms', 1577836800123n],
    ['2020-01-01T00:00:00.5Z', 'ms', 1577836800500n],
    ['2020-01-01T00:00Z', 'ms', 1577836800000n],
    ['2020-01-01t00:00:00z', 'ms', 1577836800000n],
    ['2020-01-01T00:00:00+0200', 'ms', 1577829600000n],
    ['2020-01-01T00:00:00+02', 'ms', 1577829600000n],
    ['2020-01-01T00:00:00-01:30', 'ms', 1577842200000n],
    ['2020-01-01T00:00:00+01:00:30', 'ms', 1577833170000n],
    ['2020-01-01T00:00:00+02:00[Europe/Paris]', 'ms', 1577829600000n],
    ['2020-01-01T00:00:00Z[UTC]', 'ms', 1577836800000n],
    ['1970-01-01T00:00:00Z', 'us', 0n],
    ['1969-12-31T23:59:59.999Z', 'ms', -1n],
    ['1969-12-31T23:59:59.9999999Z', 'us', -1n],
    ['2020-02-29T12:34:56Z', 'ms', utcMs(2020, 2, 29, 12, 34, 56)],
    ['2000-02-29T00:00:00Z', 'ms', utcMs(2000, 2, 29)],
    ['1600-03-01T00:00:00Z', 'ms', utcMs(1600, 3, 1)],
    ['+12020-01-01T00:00:00Z', 'ms', utcMs(12020)],
    ['-0001-12-31T23:59:59Z', 'ms', utcMs(-1, 12, 31, 23, 59, 59)],
    // Java long arithmetic wraps: 2300 does not fit in nanoseconds
    ['2300-01-01T00:00:00Z', 'ns', BigInt.asIntN(64, utcMs(2300) * 1000000n)],
  ])('%s in %s is %s', (text, unit, expected) => {
    expect(parseIsoInstant(text, unit)).toBe(expected);
  });

  it.each([
    '2020-01-01T00:00:00',
    '2020-01-01',
    '2020-01-01Z',
    '2020-13-01T00:00Z',
    '2020-00-01T00:00Z',
    '2020-01-32T00:00Z',
    '2020-04-31T00:00Z',
    '2019-02-29T00:00Z',
    '2100-02-29T00:00Z',
    '2020-01-01T24:00Z',
    '2020-01-01T00:60Z',
    '2020-01-01T00:00:60Z',
    '2020-01-01T00:00:00.Z',
    '2020-01-01T00:00:00.1234567890Z',
    '2020-01-01T00:00:00+19:00',
    '2020-01-01T00:00:00+18:01',
    '2020-01-01T00:00:00+2:00',
    '2020-01-01T00:00:00+02:0',
    '2020-01-01T00:00:00Zx',
    '2020-01-01T00:00:00Z[',
    '2020-01-01T00:00:00Z[]',
    '20200-01-01T00:00Z',
    '+2020-01-01T00:00Z',
    '2020-1-01T00:00Z',
    '2020-01-01 00:00Z',
    'now',
    '',
  ])('rejects %j', (text) => {
    expect(parseIsoInstant(text, 'ms')).toBeUndefined();
  });
});

describe('parseIsoDurationNanos reads Joda standard ISO periods without years or months', () => {
  const S = 1_000_000_000n;
  it.each<[string, bigint]>([
    ['PT1S', S],
    ['PT1.5S', 1_500_000_000n],
    ['PT1,5S', 1_500_000_000n],
    ['PT0.000000001S', 1n],
    ['PT1M', 60n * S],
    ['PT2H', 7200n * S],
    ['P1D', 86400n * S],
    ['P1W', 7n * 86400n * S],
    ['P1W2DT3H4M5.6S', (9n * 86400n + 3n * 3600n + 4n * 60n + 5n) * S + 600_000_000n],
    ['P0Y0M1D', 86400n * S],
    ['Pt1s', S],
    ['PT-1.5S', -1_500_000_000n],
    ['P-1DT1H', -23n * 3600n * S],
    ['PT+5S', 5n * S],
    ['P100000D', 100000n * 86400n * S],
  ])('%s is %s ns', (text, nanos) => {
    expect(parseIsoDurationNanos(text)).toBe(nanos);
  });

  it.each(['P1Y', 'P1M', 'P1Y2D', 'P2MT1S'])('rejects the ambiguous %s', (text) => {
    expect(() => parseIsoDurationNanos(text)).toThrow(new DurationFormatError(AMBIGUOUS_DURATION));
  });

  it.each(['', 'P', 'PT', 'P1', 'P1DT', 'PT1.5M', 'P1H', 'PT1D', 'P1D1D', 'P1S', 'PT1S2M', 'PT1.S', 'PT1.1234567890S', '1D', 'p1D', 'PTS', 'P-D'])(
    'rejects %j',
    (text) => {
      expect(() => parseIsoDurationNanos(text)).toThrow(new DurationFormatError(`Invalid format: "${text}"`));
    },
  );

  it.each<[bigint, TimeUnit, bigint]>([
    [1_500_000_000n, 'ms', 1500n],
    [1_500_000_999n, 'us', 1_500_000n],
    [1_500_000_999n, 'ns', 1_500_000_999n],
    [-1_999_999n, 'ms', -1n],
  ])('nanosToUnits(%s, %s) truncates to %s', (nanos, unit, units) => {
    expect(nanosToUnits(nanos, unit)).toBe(units);
  });
});
