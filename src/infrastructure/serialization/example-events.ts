import { MAX_TS, MIN_TS } from '../../../domain/datapoints/datapoint.js';
import { binary, bool, decimal, double, long, string } from '../../../domain/datapoints/value.js';
import type { DataEvent } from '../../../domain/events/data.events.js';
import type { MetadataEvent } from '../../../domain/events/metadata.events.js';
import { seriesIdFromHex } from '../../../domain/series/series.js';

/**
 * Example events that cover every event type and the edges of the wire contract (64-bit extremes,
 * every value type, geo/elevation, reserved and awkward label names, empty maps). The golden files of
 * the current schema versions are written from them (schemas/golden.spec.ts) and the codec tests
 * round-trip them. Adding a case is fine; changing one changes its golden bytes, so never do that for
 * a released version: add a new case instead.
 */
const SERIES = seriesIdFromHex('8d6f0a2b3c4d5e6f0123456789abcdef');
/** classId = Long.MIN_VALUE, labelsId = Long.MAX_VALUE: both ends of the signed 64-bit range. */
const EXTREME_SERIES = seriesIdFromHex('80000000000000007fffffffffffffff');

const LABELS = new Map([
  ['host', 'web-01'],
  ['dc', 'eu-west'],
  ['.owner', '8c2f1f94-3e0a-4b8b-9a53-1c0b2c2f0e11'],
  ['.producer', '8c2f1f94-3e0a-4b8b-9a53-1c0b2c2f0e11'],
  ['.app', 'continuum.test'],
]);

export const EXAMPLE_DATA_EVENTS: Readonly<Record<string, DataEvent>> = {
  'store-longs': {
    type: 'DatapointsStored',
    series: SERIES,
    points: [
      { ts: 1700000000000000n, value: long(42n) },
      { ts: 1700000001000000n, value: long(-9007199254740993n) },
      { ts: 1700000002000000n, value: long(9223372036854775807n) },
      { ts: 1700000003000000n, value: long(-9223372036854775808n) },
    ],
  },
  'store-all-types-with-geo': {
    type: 'DatapointsStored',
    series: SERIES,
    points: [
      { ts: 1700000000000000n, geo: 5764607523034234879n, elev: 1200000n, value: double(1.5) },
      { ts: 1700000000000001n, geo: -1n, value: decimal(150n, 2) },
      { ts: 1700000000000002n, elev: -400n, value: bool(true) },
      { ts: 1700000000000003n, value: bool(false) },
      { ts: 1700000000000004n, value: string('héllo, wörld % ✓') },
      { ts: 1700000000000005n, value: binary(new Uint8Array([0, 1, 127, 128, 255])) },
      { ts: 1700000000000006n, value: double(-0) },
      { ts: 1699999999999999n, value: double(Number.MAX_VALUE) },
    ],
  },
  'store-extreme-ids-and-timestamps': {
    type: 'DatapointsStored',
    series: EXTREME_SERIES,
    points: [
      { ts: MIN_TS, value: long(0n) },
      { ts: MAX_TS, value: long(1n) },
    ],
  },
  'delete-range': { type: 'DatapointsDeleted', series: SERIES, start: 1700000000000000n, end: 1700000009999999n },
  'delete-all': { type: 'DatapointsDeleted', series: EXTREME_SERIES, start: MIN_TS, end: MAX_TS },
};

export const EXAMPLE_METADATA_EVENTS: Readonly<Record<string, MetadataEvent>> = {
  registered: {
    type: 'SeriesRegistered',
    series: {
      id: SERIES,
      className: 'io.senx.tutorial.sensor.temperature',
      labels: LABELS,
      attributes: new Map([['unit', '°C']]),
      lastActivity: 1700000000123,
    },
  },
  'registered-minimal': {
    type: 'SeriesRegistered',
    series: { id: EXTREME_SERIES, className: '', labels: new Map(), attributes: new Map() },
  },
  'registered-awkward-label-names': {
    type: 'SeriesRegistered',
    series: {
      id: SERIES,
      className: 'class{with}=,odd chars',
      labels: new Map([
        ['__proto__', 'kept'],
        ['constructor', 'too'],
        ['', 'empty name'],
        ['k', ''],
      ]),
      attributes: new Map([['hasOwnProperty', 'x']]),
    },
  },
  'attributes-replaced': {
    type: 'AttributesUpdated',
    series: { id: SERIES, className: 'io.senx.tutorial.sensor.temperature', labels: LABELS },
    attributes: new Map([
      ['unit', 'K'],
      ['room', '12'],
    ]),
    mode: 'replace',
  },
  'attributes-merged': {
    type: 'AttributesUpdated',
    series: { id: SERIES, className: 'io.senx.tutorial.sensor.temperature', labels: LABELS },
    attributes: new Map([
      ['unit', ''],
      ['floor', '3'],
    ]),
    mode: 'merge',
  },
  deleted: {
    type: 'SeriesDeleted',
    series: { id: SERIES, className: 'io.senx.tutorial.sensor.temperature', labels: LABELS },
  },
};
