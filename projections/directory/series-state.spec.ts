import type { MetadataEvent } from '../../domain/events/metadata.events.js';
import { seriesIdOf, type Series } from '../../domain/series/series.js';
import { seriesAfter, UNCHANGED } from './series-state.js';

const id = seriesIdOf(1n, 2n);
const known = (attributes: Record<string, string>, lastActivity?: number): Series => ({
  id,
  className: 'temp',
  labels: new Map([['room', 'a']]),
  attributes: new Map(Object.entries(attributes)),
  ...(lastActivity === undefined ? {} : { lastActivity }),
});
const registered = (lastActivity?: number): MetadataEvent => ({ type: 'SeriesRegistered', series: known({ fresh: 'yes' }, lastActivity) });
const update = (mode: 'replace' | 'merge', attributes: Record<string, string>): MetadataEvent => ({
  type: 'AttributesUpdated',
  series: { id, className: 'temp', labels: new Map([['room', 'a']]) },
  attributes: new Map(Object.entries(attributes)),
  mode,
});
const deleted: MetadataEvent = { type: 'SeriesDeleted', series: { id, className: 'temp', labels: new Map([['room', 'a']]) } };

/** A comparable view: attributes as a sorted object, lastActivity, or the markers. */
function view(s: Series | null | typeof UNCHANGED): unknown {
  if (s === null || s === UNCHANGED) return s;
  return { attributes: Object.fromEntries([...s.attributes].sort()), lastActivity: s.lastActivity };
}

describe('seriesAfter', () => {
  it.each<[string, Series | undefined, MetadataEvent, number, unknown]>([
    ['registers an unknown series as given', undefined, registered(5), 0, { attributes: { fresh: 'yes' }, lastActivity: 5 }],
    ['keeps the attributes of a known series', known({ a: '1' }), registered(), 0, UNCHANGED],
    ['refreshes lastActivity when newer', known({ a: '1' }, 5), registered(9), 0, { attributes: { a: '1' }, lastActivity: 9 }],
    ['sets lastActivity when none was tracked', known({ a: '1' }), registered(9), 0, { attributes: { a: '1' }, lastActivity: 9 }],
    ['ignores an older lastActivity', known({ a: '1' }, 9), registered(5), 0, UNCHANGED],
    ['ignores a newer lastActivity within the activity window', known({}, 100), registered(150), 60, UNCHANGED],
    ['refreshes a lastActivity one window newer', known({}, 100), registered(160), 60, { attributes: {}, lastActivity: 160 }],
    ['replaces all attributes', known({ a: '1', b: '2' }), update('replace', { c: '3' }), 0, { attributes: { c: '3' }, lastActivity: undefined }],
    ['merges attributes, an empty value removing the key', known({ a: '1', b: '2' }), update('merge', { a: '', c: '3' }), 0, { attributes: { b: '2', c: '3' }, lastActivity: undefined }],
    ['reports an update that changes nothing as unchanged', known({ a: '1' }), update('merge', { a: '1', z: '' }), 0, UNCHANGED],
    ['ignores an update of an unknown series', undefined, update('replace', { a: '1' }), 0, UNCHANGED],
    ['forgets a deleted series', known({ a: '1' }), deleted, 0, null],
    ['ignores the deletion of an unknown series', undefined, deleted, 0, UNCHANGED],
  ])('%s', (_name, current, event, window, expected) => {
    expect(view(seriesAfter(current, event, window))).toEqual(expected);
  });

  it('rejects an unknown event type as poison', () => {
    expect(() => seriesAfter(undefined, { type: 'SeriesArchived', series: { id } } as never)).toThrow(/unknown type 'SeriesArchived'/);
  });
});
