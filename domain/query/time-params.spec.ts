import { MAX_TS, MIN_TS } from '../datapoints/datapoint.js';
import type { TimeUnit } from '../datapoints/time-units.js';
import { ValidationError } from '../errors.js';
import { computeFetchRange, parseFetchInstant, parseTimestep, type FetchRange, type FetchTimeParams } from './time-params.js';

const NOW = 1_000_000n;

// Reference §7.1, "Time range computation (FETCH.computeTimeRange)" and the parameter table.
describe('computeFetchRange', () => {
  it.each<[FetchTimeParams, TimeUnit, FetchRange]>([
    [{ end: '100', timespan: '10' }, 'us', { start: 91n, end: 100n }],
    [{ start: '100', timespan: '10' }, 'us', { start: 100n, end: 109n }],
    [{ start: '100', end: '200' }, 'us', { start: 100n, end: 200n }],
    [{ start: '200', end: '100' }, 'us', { start: 100n, end: 200n }],
    [{ start: '100', end: '100' }, 'us', { start: 100n, end: 100n }],
    [{ end: '100', count: '5' }, 'us', { start: MIN_TS, end: 100n, count: 5 }],
    [{ start: '1', end: '100', count: '5' }, 'us', { start: 1n, end: 100n, count: 5 }],
    [{ end: '100', timespan: '-5' }, 'us', { start: MIN_TS, end: 100n, count: 5 }],
    [{ end: '100', count: '-1' }, 'us', { start: MIN_TS, end: 100n }],
    [{ now: '100', timespan: '10' }, 'us', { start: 91n, end: 100n }],
    [{ stop: '100', timespan: '10' }, 'us', { start: 91n, end: 100n }],
    [{ end: 'now', timespan: '10' }, 'us', { start: NOW - 9n, end: NOW }],
    [{ now: 'now', count: '1' }, 'us', { start: MIN_TS, end: NOW, count: 1 }],
    [{ start: '2020-01-01T00:00:00Z', end: '2020-01-01T00:00:01Z' }, 'us', { start: 1577836800000000n, end: 1577836801000000n }],
    [{ start: '2020-01-01T00:00:00Z', timespan: 'PT1S' }, 'ms', { start: 1577836800000n, end: 1577836800999n }],
    [{ end: '100', timespan: 'PT0.001S' }, 'us', { start: -899n, end: 100n }],
    // ISO timespans are counted in whole milliseconds, like Warp 10
    [{ end: '100', timespan: 'PT0.0015S' }, 'us', { start: -899n, end: 100n }],
    [{ end: '0', timespan: 'P1D' }, 'ns', { start: -86_400_000_000_000n + 1n, end: 0n }],
    [{ end: '0', timespan: 'P1W' }, 'ms', { start: -604_800_000n + 1n, end: 0n }],
    // saturation at the long range
    [{ end: (MIN_TS + 5n).toString(), timespan: '10' }, 'us', { start: MIN_TS, end: MIN_TS + 5n }],
    [{ start: (MAX_TS - 5n).toString(), timespan: '10' }, 'us', { start: MAX_TS - 5n, end: MAX_TS }],
    [{ end: MAX_TS.toString(), timespan: '1' }, 'us', { start: MAX_TS, end: MAX_TS }],
    // a zero timespan gives an empty range, as in Warp 10
    [{ start: '100', timespan: '0' }, 'us', { start: 100n, end: 99n }],
    [{ end: '100', timespan: '-0' }, 'us', { start: 101n, end: 100n }],
  ])('%j in %s → %j', (params, unit, range) => {
    expect(computeFetchRange(params, unit, NOW)).toEqual(range);
  });

  it.each<[FetchTimeParams, string]>([
    [{}, "Missing either 'start' or 'end' parameter."],
    [{ count: '5' }, "Missing either 'start' or 'end' parameter."],
    [{ end: '1', now: '2' }, "Cannot specify both 'end' and 'now'."],
    [{ end: '1', stop: '2' }, "Cannot specify both 'end' and 'stop'."],
    [{ stop: '1', now: '2' }, "Cannot specify both 'end' and 'now'."],
    [{ end: '1', timespan: '-5', count: '3' }, "Cannot specify both 'count' and negative 'timespan'."],
    [
      { start: '1', end: '2', timespan: '3' },
      "Invalid time range specification: 'start', 'end' and 'timespan' cannot all be defined. Only 2 out of those 3 parameters should be defined.",
    ],
    [
      { start: '1', now: '2', timespan: '3' },
      "Invalid time range specification: 'start', 'now' and 'timespan' cannot all be defined. Only 2 out of those 3 parameters should be defined.",
    ],
    [{ end: '1' }, "Invalid time range specification: 'count' is mandatory if 'start' and 'timespan' are not specified."],
    [{ start: '1' }, "Missing 'end' or 'start' and 'timespan' parameter."],
    [{ start: '1', count: '3' }, "Missing 'end' or 'start' and 'timespan' parameter."],
    [{ start: 'abc', end: '1' }, "Invalid format for parameter 'start'."],
    [{ start: '2020-01-01T00:00:00', end: '1' }, "Invalid format for parameter 'start'."],
    [{ start: '', end: '1' }, "Invalid format for parameter 'start'."],
    [{ now: 'x', count: '1' }, "Invalid format for parameter 'now'."],
    [{ stop: 'x', count: '1' }, "Invalid format for parameter 'stop'."],
    [{ end: '1', timespan: '' }, "Parameter 'timespan' is empty."],
    [{ end: '1', timespan: 'abc' }, `Invalid format for parameter 'timespan'. (For input string: "abc")`],
    [{ end: '1', timespan: 'P1Y' }, "Invalid format for parameter 'timespan'. (No support for ambiguous durations containing years or months, please convert those to days.)"],
    [{ end: '1', timespan: 'Pxyz' }, `Invalid format for parameter 'timespan'. (Invalid format: "Pxyz")`],
    [{ end: '1', timespan: 'PT-1S' }, "'timespan' cannot be negative."],
    [{ end: MAX_TS.toString(), timespan: '0' }, "Cannot set 'timespan' to 0 and 'end' to MAX_VALUE."],
    [{ stop: MAX_TS.toString(), timespan: '0' }, "Cannot set 'timespan' to 0 and 'stop' to MAX_VALUE."],
    [{ start: MIN_TS.toString(), timespan: '0' }, "Cannot set 'timespan' to 0 and 'start' to MIN_VALUE."],
    [{ end: '1', count: 'x' }, 'For input string: "x"'],
  ])('%j → %s', (params, message) => {
    expect(() => computeFetchRange(params, 'us', NOW)).toThrow(new ValidationError(message));
  });

  it('throws ValidationError (HTTP 400)', () => {
    expect(() => computeFetchRange({}, 'us', NOW)).toThrow(ValidationError);
  });
});

describe('parseFetchInstant', () => {
  it.each<[string, bigint]>([
    ['now', NOW],
    ['-5', -5n],
    ['+5', 5n],
    ['1970-01-01T00:00:01Z', 1_000_000n],
  ])('%j → %s', (text, ts) => {
    expect(parseFetchInstant(text, 'start', 'us', NOW)).toBe(ts);
  });

  it.each(['NOW', ' 1', '1.5', '9223372036854775808'])('rejects %j', (text) => {
    expect(() => parseFetchInstant(text, 'end', 'us', NOW)).toThrow(new ValidationError("Invalid format for parameter 'end'."));
  });
});

describe('parseTimestep', () => {
  it.each<[string, TimeUnit, bigint]>([
    ['5', 'us', 5n],
    ['PT1S', 'us', 1_000_000n],
    ['PT1.5S', 'ms', 1500n],
    ['PT0.0000015S', 'us', 1n],
    ['P1D', 'ms', 86_400_000n],
  ])('%j in %s → %s', (text, unit, step) => {
    expect(parseTimestep(text, unit)).toBe(step);
  });

  it.each<[string, string]>([
    ['0', "Parameter 'timestep' cannot be < 1."],
    ['-3', "Parameter 'timestep' cannot be < 1."],
    ['PT0.0000005S', "Parameter 'timestep' cannot be < 1."],
    ['x', 'For input string: "x"'],
    ['P1M', 'No support for ambiguous durations containing years or months, please convert those to days.'],
    ['Pxyz', 'Invalid ISO8601 duration'],
  ])('rejects %j with %s', (text, message) => {
    expect(() => parseTimestep(text, 'us')).toThrow(new ValidationError(message));
  });
});
