import { PassThrough } from 'node:stream';
import type { WebSocket } from 'ws';
import { long } from '../../../domain/datapoints/value.js';
import type { DatapointsStored } from '../../../domain/events/data.events.js';
import type { Series, SeriesId } from '../../../domain/series/series.js';
import { PlasmaHub } from './plasma-hub.js';
import { PlasmaSession } from './plasma-session.js';

/** A WebSocket stand-in: records what is sent; `stalled` makes every send stay buffered. */
class FakeWs {
  readyState = 1;
  bufferedAmount = 0;
  stalled = false;
  readonly sent: string[] = [];
  send(data: Buffer | string): void {
    this.sent.push(data.toString());
    if (this.stalled) this.bufferedAmount += data.length;
  }
  close(): void {
    this.readyState = 3;
  }
}

const series = (n: number): Series => ({ id: n.toString(16).padStart(32, '0') as SeriesId, className: `c${n}`, labels: new Map([['.owner', 'o']]), attributes: new Map() });
const chunk = (n: number, points: number): DatapointsStored => ({
  type: 'DatapointsStored',
  series: series(n).id,
  points: Array.from({ length: points }, (_, i) => ({ ts: BigInt(i), value: long(BigInt(i)) })),
});

function setup(queueMaxBytes = 1000) {
  let changes = 0;
  const hub = new PlasmaHub({ maxChars: 10_000, exposeAll: false, onSetChanged: () => Promise.resolve(void changes++) });
  const open = (): { ws: FakeWs; session: PlasmaSession } => {
    const ws = new FakeWs();
    const session = new PlasmaSession(`s${Math.random()}`, ws as unknown as WebSocket, new PassThrough(), { maxSubscriptions: 10, queueMaxBytes });
    hub.add(session);
    return { ws, session };
  };
  return { hub, open, changes: () => changes };
}

describe('PlasmaHub', () => {
  it('refcounts series across sessions and reports set changes only when the set changes', async () => {
    const { hub, open, changes } = setup();
    const a = open();
    const b = open();
    await hub.subscribe(a.session, [series(1), series(2)], false);
    await hub.subscribe(b.session, [series(2)], false);
    expect([...hub.seriesIds()].length).toBe(2);
    expect(changes()).toBe(1);
    await hub.unsubscribe(a.session, [series(2)]);
    expect(changes()).toBe(1);
    await hub.remove(b.session);
    expect([...hub.seriesIds()]).toEqual([series(1).id]);
    expect(changes()).toBe(2);
    expect(hub.stats()).toMatchObject({ sessions: 1, subscriptions: 1, series: 1 });
  });

  it('sends each chunk to the subscribed sessions only, in their format', async () => {
    const { hub, open } = setup();
    const text = open();
    const json = open();
    const other = open();
    json.session.state.format = 'JSON';
    await hub.subscribe(text.session, [series(1)], false);
    await hub.subscribe(json.session, [series(1)], false);
    await hub.subscribe(other.session, [series(2)], false);
    hub.dispatch([chunk(1, 2), chunk(3, 1)]);
    expect(text.ws.sent).toEqual(['0// c1{} 0\n=1// 1\n']);
    expect(JSON.parse(json.ws.sent[0])).toHaveLength(2);
    expect(other.ws.sent).toEqual([]);
  });

  it('drops new messages for a stalled session and counts them, while the fast session gets everything', async () => {
    const { hub, open } = setup(100);
    const fast = open();
    const stalled = open();
    stalled.ws.stalled = true;
    await hub.subscribe(fast.session, [series(1)], false);
    await hub.subscribe(stalled.session, [series(1)], false);
    for (let i = 0; i < 20; i++) hub.dispatch([chunk(1, 3)]);
    expect(fast.ws.sent).toHaveLength(20);
    expect(stalled.session.backlog.stats().droppedMessages).toBeGreaterThan(0);
    expect(stalled.ws.bufferedAmount).toBeLessThanOrEqual(100);
    const s = stalled.session.backlog.stats();
    expect(s.sentPoints + s.droppedPoints).toBe(60);
    expect(hub.stats().droppedPoints).toBe(s.droppedPoints);
    await hub.remove(stalled.session);
    expect(hub.stats().droppedPoints).toBe(s.droppedPoints);
  });

  it('writes nothing more to a session that hit its bound until its client read it down to half the bound', async () => {
    const { hub, open } = setup(100);
    const slow = open();
    slow.ws.stalled = true;
    await hub.subscribe(slow.session, [series(1)], false);
    const sentAfter = (bufferedAmount: number): number => {
      slow.ws.bufferedAmount = bufferedAmount;
      hub.dispatch([chunk(1, 3)]);
      return slow.ws.sent.length;
    };
    for (let i = 0; i < 5; i++) hub.dispatch([chunk(1, 3)]);
    const full = slow.ws.sent.length;
    expect(slow.session.backlog.stats().droppedMessages).toBeGreaterThan(0);
    expect(sentAfter(60)).toBe(full);
    expect(sentAfter(50)).toBe(full + 1);
    const s = slow.session.backlog.stats();
    expect(s.sentPoints + s.droppedPoints).toBe(21);
  });

  it('skips sessions in RAW/WRAPPER (never set: refused) and closed sessions', async () => {
    const { hub, open } = setup();
    const closed = open();
    await hub.subscribe(closed.session, [series(1)], false);
    closed.ws.readyState = 3;
    hub.dispatch([chunk(1, 1)]);
    expect(closed.ws.sent).toEqual([]);
  });
});
