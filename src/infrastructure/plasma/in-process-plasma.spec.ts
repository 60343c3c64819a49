import type { DatapointsStored } from '../../../domain/events/data.events.js';
import { long } from '../../../domain/datapoints/value.js';
import type { SeriesId } from '../../../domain/series/series.js';
import { InProcessPlasmaBus } from './in-process-plasma-bus.js';
import { InProcessSubscriptions } from './in-process-subscriptions.js';

const id = (n: number): SeriesId => n.toString(16).padStart(32, '0') as SeriesId;
const chunk = (n: number): DatapointsStored => ({ type: 'DatapointsStored', series: id(n), points: [{ ts: BigInt(n), value: long(1n) }] });

describe('InProcessSubscriptions', () => {
  it('routes a series to every front end that published it, the last publish of each winning', async () => {
    const subs = new InProcessSubscriptions();
    const routes = subs.routes();
    const set = new Set([id(1), id(2)]);
    await subs.publisher('a').publish(set);
    set.add(id(9));
    await subs.publisher('b').publish(new Set([id(2)]));
    expect(routes.frontEndsOf(id(1))).toEqual(['a']);
    expect(routes.frontEndsOf(id(2))).toEqual(['a', 'b']);
    expect(routes.frontEndsOf(id(9))).toEqual([]);
    await subs.publisher('a').publish(new Set([id(3)]));
    expect(routes.frontEndsOf(id(1))).toEqual([]);
    await subs.publisher('b').close();
    expect(routes.frontEndsOf(id(2))).toEqual([]);
  });

  it('tells activity listeners when the first set appears and the last empties, before publish resolves', async () => {
    const subs = new InProcessSubscriptions();
    const seen: boolean[] = [];
    await subs.onActivity(async (active) => {
      await Promise.resolve();
      seen.push(active);
    });
    await subs.publisher('a').publish(new Set([id(1)]));
    expect(seen).toEqual([true]);
    await subs.publisher('b').publish(new Set([id(1)]));
    await subs.publisher('a').publish(new Set());
    expect(seen).toEqual([true]);
    await subs.publisher('b').close();
    expect(seen).toEqual([true, false]);
    expect(subs.isActive).toBe(false);
  });
});

describe('InProcessPlasmaBus', () => {
  it('hands chunks to the named front end one call at a time, in order', async () => {
    const bus = new InProcessPlasmaBus();
    const got: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    await bus.inbox('fe').start(async (chunks) => {
      if (got.length === 0) await gate;
      got.push(chunks.map((c) => Number(c.points[0].ts)));
    });
    const first = bus.deliver('fe', [chunk(1), chunk(2)]);
    const second = bus.deliver('fe', [chunk(3)]);
    expect(got).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(got).toEqual([[1, 2], [3]]);
  });

  it('drops chunks for a front end that is not started or closed', async () => {
    const bus = new InProcessPlasmaBus();
    await expect(bus.deliver('nobody', [chunk(1)])).resolves.toBeUndefined();
    const got: number[] = [];
    const inbox = bus.inbox('fe');
    await inbox.start((chunks) => void got.push(chunks.length));
    await inbox.close();
    await bus.deliver('fe', [chunk(1)]);
    expect(got).toEqual([]);
  });

  it('rejects the delivery when the front end fails, and keeps delivering later chunks', async () => {
    const bus = new InProcessPlasmaBus();
    const got: number[] = [];
    await bus.inbox('fe').start((chunks) => {
      if (chunks.length === 2) throw new Error('boom');
      got.push(chunks.length);
    });
    await expect(bus.deliver('fe', [chunk(1), chunk(2)])).rejects.toThrow('boom');
    await bus.deliver('fe', [chunk(3)]);
    expect(got).toEqual([1]);
  });
});
