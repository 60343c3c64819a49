import type { SubscriptionPublisher, SubscriptionRoutes } from '../../domain/ports/plasma-subscriptions.js';
import type { SeriesId } from '../../domain/series/series.js';
import { eventually } from '../harness/eventually.js';

/** One plasma cell for one test: front ends and back ends sharing routing state, and nothing with other tests. */
export interface PlasmaRoutingCell {
  /** A new front end (its own process / session) publishing under the channel name `frontEnd`. */
  frontEnd(frontEnd: string): Promise<SubscriptionPublisher>;
  /** A new back end watching the published sets. */
  backEnd(): Promise<SubscriptionRoutes>;
  /** The front end's process dies: its session ends without it withdrawing anything. */
  crash(publisher: SubscriptionPublisher): Promise<void>;
  /** Optional (coordination services with sessions): the service expires the front end's session while it lives on. */
  expire?(publisher: SubscriptionPublisher): Promise<void>;
  /** Optional (adapters with an integrity check): publishes, beside `frontEnd`'s set, an entry routing `series` to it whose check fails. */
  corrupt?(frontEnd: string, series: readonly SeriesId[]): Promise<void>;
  /** Closes everything still open. */
  close(): Promise<void>;
}

export interface PlasmaRoutingFactory {
  cell(): Promise<PlasmaRoutingCell>;
  /** The adapter has sessions the service can expire (cells then implement `expire`). */
  readonly sessions: boolean;
  /** The adapter checks the integrity of published entries (cells then implement `corrupt`). */
  readonly integrity: boolean;
}

/** Large enough that an adapter with size-bounded entries (ZooKeeper znodes) splits it. */
const LARGE_SET = 2500;

const id = (n: number) => n.toString(16).padStart(32, '0') as SeriesId;
const ids = (...ns: number[]) => new Set(ns.map(id));
/** Bounded polling: sets become visible "soon" (a watch), not at once. */
const soon = { attempts: 100, intervalMs: 50 };

/**
 * The behaviour every SubscriptionPublisher/SubscriptionRoutes pair (in-process, ZooKeeper) must show, as
 * `domain/ports/plasma-subscriptions.ts` promises: published sets route series to their front ends, a publication
 * replaces the previous one, a dead front end vanishes, failed integrity checks are ignored, large sets work.
 */
export function testPlasmaRoutingContract(factory: PlasmaRoutingFactory): void {
  let cell: PlasmaRoutingCell;
  beforeEach(async () => {
    cell = await factory.cell();
  });
  afterEach(async () => {
    await cell.close();
  });

  it('routes a series to every front end that published it, and to none otherwise', async () => {
    const [a, b] = [await cell.frontEnd('plasmafe-a'), await cell.frontEnd('plasmafe-b')];
    const routes = await cell.backEnd();
    expect(a.frontEnd).toBe('plasmafe-a');
    await a.publish(ids(1, 2));
    await b.publish(ids(2, 3));
    await eventually(() => {
      expect(routes.frontEndsOf(id(1))).toEqual(['plasmafe-a']);
      expect([...routes.frontEndsOf(id(2))].sort()).toEqual(['plasmafe-a', 'plasmafe-b']);
      expect(routes.frontEndsOf(id(3))).toEqual(['plasmafe-b']);
    }, soon);
    expect(routes.frontEndsOf(id(4))).toEqual([]);
  });

  it('shows a back end started later the sets published before it', async () => {
    const a = await cell.frontEnd('plasmafe-a');
    await a.publish(ids(7));
    const routes = await cell.backEnd();
    await eventually(() => expect(routes.frontEndsOf(id(7))).toEqual(['plasmafe-a']), soon);
  });

  it('replaces a front end set with each publication, down to the empty set', async () => {
    const a = await cell.frontEnd('plasmafe-a');
    const routes = await cell.backEnd();
    await a.publish(ids(1, 2));
    await eventually(() => expect(routes.frontEndsOf(id(2))).toEqual(['plasmafe-a']), soon);
    await a.publish(ids(2, 3));
    await eventually(() => {
      expect(routes.frontEndsOf(id(1))).toEqual([]);
      expect(routes.frontEndsOf(id(3))).toEqual(['plasmafe-a']);
    }, soon);
    expect(routes.frontEndsOf(id(2))).toEqual(['plasmafe-a']);
    await a.publish(new Set());
    await eventually(() => expect([id(1), id(2), id(3)].map((s) => routes.frontEndsOf(s))).toEqual([[], [], []]), soon);
  });

  it('keeps the last of several quick publications', async () => {
    const a = await cell.frontEnd('plasmafe-a');
    const routes = await cell.backEnd();
    await Promise.all([a.publish(ids(1)), a.publish(ids(2)), a.publish(ids(3))]);
    await eventually(() => expect([1, 2, 3].map((n) => routes.frontEndsOf(id(n)).length)).toEqual([0, 0, 1]), soon);
  });

  it('routes every series of a large set', async () => {
    const a = await cell.frontEnd('plasmafe-a');
    const routes = await cell.backEnd();
    const all = Array.from({ length: LARGE_SET }, (_, i) => i + 1);
    await a.publish(ids(...all));
    await eventually(() => expect(all.filter((n) => routes.frontEndsOf(id(n)).length !== 1)).toEqual([]), soon);
    expect(routes.frontEndsOf(id(LARGE_SET + 1))).toEqual([]);
  });

  it('stops routing to a front end whose process died, and keeps routing to the others', async () => {
    const [a, b] = [await cell.frontEnd('plasmafe-a'), await cell.frontEnd('plasmafe-b')];
    const routes = await cell.backEnd();
    await a.publish(ids(1, 2));
    await b.publish(ids(2));
    await eventually(() => expect(routes.frontEndsOf(id(2))).toHaveLength(2), soon);
    await cell.crash(a);
    await eventually(() => {
      expect(routes.frontEndsOf(id(1))).toEqual([]);
      expect(routes.frontEndsOf(id(2))).toEqual(['plasmafe-b']);
    }, soon);
  });

  it('stops routing to a front end that closed', async () => {
    const a = await cell.frontEnd('plasmafe-a');
    const routes = await cell.backEnd();
    await a.publish(ids(1));
    await eventually(() => expect(routes.frontEndsOf(id(1))).toEqual(['plasmafe-a']), soon);
    await a.close();
    await a.close();
    await eventually(() => expect(routes.frontEndsOf(id(1))).toEqual([]), soon);
  });

  (factory.sessions ? it : it.skip)('keeps routing after the front end session expired, and to what it publishes next', async () => {
    const a = await cell.frontEnd('plasmafe-a');
    const routes = await cell.backEnd();
    await a.publish(ids(1));
    await eventually(() => expect(routes.frontEndsOf(id(1))).toEqual(['plasmafe-a']), soon);
    await cell.expire!(a);
    await eventually(() => expect(routes.frontEndsOf(id(1))).toEqual(['plasmafe-a']), soon);
    await a.publish(ids(2));
    await eventually(() => {
      expect(routes.frontEndsOf(id(1))).toEqual([]);
      expect(routes.frontEndsOf(id(2))).toEqual(['plasmafe-a']);
    }, soon);
  });

  (factory.integrity ? it : it.skip)('ignores a published entry whose integrity check fails, and keeps the sound ones', async () => {
    const a = await cell.frontEnd('plasmafe-a');
    const routes = await cell.backEnd();
    await a.publish(ids(1));
    await cell.corrupt!('plasmafe-a', [id(5)]);
    await a.publish(ids(1, 2));
    await eventually(() => expect(routes.frontEndsOf(id(2))).toEqual(['plasmafe-a']), soon);
    expect(routes.frontEndsOf(id(1))).toEqual(['plasmafe-a']);
    expect(routes.frontEndsOf(id(5))).toEqual([]);
  });
}
