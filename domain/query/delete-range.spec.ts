import { MAX_TS, MIN_TS } from '../datapoints/datapoint.js';
import { ValidationError } from '../errors.js';
import { computeDeleteRange, type DeleteRange, type DeleteTimeParams } from './time-params.js';

// Reference §5.2.
describe('computeDeleteRange', () => {
  it.each<[DeleteTimeParams, DeleteRange]>([
    [{ start: '1', end: '2', deleteall: false }, { start: 1n, end: 2n, hasRange: true }],
    [{ start: '5', end: '5', deleteall: false }, { start: 5n, end: 5n, hasRange: true }],
    [{ start: '-5', end: '+5', deleteall: true }, { start: -5n, end: 5n, hasRange: true }],
    [{ deleteall: true }, { start: MIN_TS, end: MAX_TS, hasRange: false }],
    [{ start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00+01:00', deleteall: false }, { start: 1577836800000000n, end: 1577919600000000n, hasRange: true }],
    [{ start: '1', end: '2020-01-01T00:00:00.000001Z', deleteall: false }, { start: 1n, end: 1577836800000001n, hasRange: true }],
    [{ deleteall: false, metaonly: true, metaonlySupported: true }, { start: MIN_TS, end: MAX_TS, hasRange: false }],
  ])('%j → %j', (params, range) => {
    expect(computeDeleteRange(params, 'us')).toEqual(range);
  });

  it.each<[DeleteTimeParams, string]>([
    [{ start: '1', deleteall: true }, 'Both start and end should be defined.'],
    [{ end: '1', deleteall: false }, 'Both start and end should be defined.'],
    [{ deleteall: false }, 'Parameter deleteall or metaonly should be set when no time range is specified.'],
    [{ start: '2', end: '1', deleteall: false }, 'Invalid time range specification.'],
    [{ start: 'x', end: '1', deleteall: false }, 'For input string: "x"'],
    [{ start: '1', end: '2020-01-01', deleteall: false }, 'For input string: "2020-01-01"'],
    [{ start: '2020-01-01T00:00:00', end: '1', deleteall: false }, 'Can only parse an ISO8601 timestamp (YYYY-MM-DDThh:mm:ss.sssssssss) with a specified time zone.'],
    [{ deleteall: false, metaonly: true }, 'Parameter metaonly cannot be used as metaonly support is not enabled.'],
    [{ start: '1', end: '2', deleteall: false, metaonly: true, metaonlySupported: true }, 'Parameter metaonly can only be set if no range is specified.'],
    // checks run in Warp 10's order
    [{ start: 'x', end: '1', deleteall: false, metaonly: true }, 'For input string: "x"'],
    [{ start: '2', end: '1', deleteall: false, metaonly: true, metaonlySupported: true }, 'Parameter metaonly can only be set if no range is specified.'],
  ])('%j → %s', (params, message) => {
    expect(() => computeDeleteRange(params, 'us')).toThrow(new ValidationError(message));
  });
});
