import type { Series, SeriesId } from '../series/series.js';
import { PlasmaSessionState } from './plasma-session.js';

const series = (n: number): Series => ({ id: n.toString(16).padStart(32, '0') as SeriesId, className: `c${n}`, labels: new Map(), attributes: new Map() });
const ids = (list: readonly { id: SeriesId }[] | readonly SeriesId[]): SeriesId[] => list.map((s) => (typeof s === 'string' ? s : s.id));

describe('PlasmaSessionState', () => {
  it('subscribes each series once, in order, and returns only the new ones', () => {
    const s = new PlasmaSessionState(10);
    expect(ids(s.subscribe([series(1), series(2)], false))).toEqual(ids([series(1), series(2)]));
    expect(ids(s.subscribe([series(2), series(3)], false))).toEqual(ids([series(3)]));
    expect([...s.subscriptions.keys()]).toEqual(ids([series(1), series(2), series(3)]));
  });

  it('silently stops at maxsubs', () => {
    const s = new PlasmaSessionState(2);
    expect(s.subscribe([series(1), series(2), series(3)], false)).toHaveLength(2);
    expect(s.subscribe([series(4)], false)).toHaveLength(0);
    expect(s.subscriptions.size).toBe(2);
  });

  it('unsubscribes and clears, returning what was subscribed', () => {
    const s = new PlasmaSessionState(10);
    s.subscribe([series(1), series(2), series(3)], false);
    expect(s.unsubscribe([series(2), series(9)])).toEqual(ids([series(2)]));
    expect(s.clear()).toEqual(ids([series(1), series(3)]));
    expect(s.subscriptions.size).toBe(0);
  });

  // Each step: [action, token exposes, expected flag after]
  it.each<[string, [('sub' | 'unsub' | 'clear'), number[], boolean, boolean][]]>([
    ['an .expose token on an empty session exposes', [['sub', [1], true, true]]],
    ['a token without .expose hides', [['sub', [1], false, false]]],
    ['every adding subscribe must expose', [['sub', [1], true, true], ['sub', [2], false, false], ['sub', [3], true, false]]],
    ['a subscribe adding nothing keeps the flag', [['sub', [1], true, true], ['sub', [1], false, true]]],
    ['emptying by unsubscribe resets', [['sub', [1], false, false], ['unsub', [1], true, false], ['sub', [2], true, true]]],
    ['after CLEAR an exposing session stops exposing (Warp 10 quirk)', [['sub', [1], true, true], ['clear', [], true, true], ['sub', [2], true, false]]],
  ])('expose rule: %s', (_name, steps) => {
    const s = new PlasmaSessionState(10);
    for (const [action, numbers, exposes, expected] of steps) {
      if (action === 'sub') s.subscribe(numbers.map(series), exposes);
      else if (action === 'unsub') s.unsubscribe(numbers.map(series));
      else s.clear();
      expect(s.exposeOwnerProducer).toBe(expected);
    }
  });
});
