import { binary, bool, decimal, double, long, string } from '../../domain/datapoints/value.js';
import type { DatapointsStored } from '../../domain/events/data.events.js';
import type { PlasmaInbox, PlasmaOutbox } from '../../domain/ports/plasma-channel.js';
import type { SeriesId } from '../../domain/series/series.js';
import { eventually } from '../harness/eventually.js';

/** One plasma channel for one test: a back end's outbox and front ends' inboxes, sharing nothing with other tests. */
export interface PlasmaChannelCell {
  /** The back end's side (one per cell is enough; adapters may share it). */
  outbox(): Promise<PlasmaOutbox>;
  /** A new front end's receiving end, on the channel named `frontEnd` (not started). */
  inbox(frontEnd: string): Promise<PlasmaInbox>;
  /** Optional (adapters with an integrity check): puts on `frontEnd`'s channel a message for `chunk` whose check fails. */
  tamper?(frontEnd: string, chunk: DatapointsStored): Promise<void>;
  close(): Promise<void>;
}

export interface PlasmaChannelFactory {
  cell(): Promise<PlasmaChannelCell>;
  /** The adapter checks messages' integrity (cells then implement `tamper`). */
  readonly integrity: boolean;
  /** 'all': chunks of one call arrive in the order given; 'series': only chunks of one series keep their order (Kafka partitions). */
  readonly order: 'all' | 'series';
}

/** Channel names unique per cell, as Kafka topics must be. */
let channels = 0;
const channel = () => `plasmafe-ch${process.pid}-${Date.now().toString(36)}-${channels++}`;

const id = (n: number) => n.toString(16).padStart(32, '0') as SeriesId;
const chunk = (series: number, seq: number): DatapointsStored => ({ type: 'DatapointsStored', series: id(series), points: [{ ts: BigInt(seq), value: long(BigInt(seq)) }] });
const seqs = (got: readonly DatapointsStored[], series?: number) => got.filter((c) => series === undefined || c.series === id(series)).map((c) => Number(c.points[0].ts));
const soon = { attempts: 200, intervalMs: 50 };

/** Starts `inbox`, collecting what it receives; also records whether two calls ever overlapped. */
async function collect(inbox: PlasmaInbox): Promise<{ got: DatapointsStored[]; overlapped: () => boolean }> {
  const got: DatapointsStored[] = [];
  let inside = 0;
  let overlapped = false;
  await inbox.start(async (chunks) => {
    if (++inside > 1) overlapped = true;
    await Promise.resolve();
    got.push(...chunks);
    inside--;
  });
  return { got, overlapped: () => overlapped };
}

/**
 * The behaviour every PlasmaOutbox/PlasmaInbox pair (in-process bus, Kafka topics) must show, as
 * `domain/ports/plasma-channel.ts` promises: chunks reach the named front end only, whole, in order per series (all
 * in order where the adapter says `order: 'all'`), one
 * handler call at a time; nothing sent before a front end started is replayed; messages failing their check are
 * never delivered.
 */
export function testPlasmaChannelContract(factory: PlasmaChannelFactory): void {
  let cell: PlasmaChannelCell;
  beforeEach(async () => {
    cell = await factory.cell();
  });
  afterEach(async () => {
    await cell.close();
  });

  it('delivers chunks to the named front end only', async () => {
    const [a, b] = [channel(), channel()];
    const outbox = await cell.outbox();
    const [inA, inB] = [await collect(await cell.inbox(a)), await collect(await cell.inbox(b))];
    await outbox.deliver(a, [chunk(1, 1), chunk(2, 2)]);
    await outbox.deliver(b, [chunk(3, 3)]);
    await eventually(() => expect(seqs(inA.got).sort()).toEqual([1, 2]), soon);
    await eventually(() => expect(seqs(inB.got)).toEqual([3]), soon);
  });

  it('carries every value type, location and elevation unchanged', async () => {
    const fe = channel();
    const outbox = await cell.outbox();
    const inbox = await collect(await cell.inbox(fe));
    const sent: DatapointsStored = {
      type: 'DatapointsStored',
      series: id(0x7fff),
      points: [
        { ts: -(2n ** 63n), value: long(-(2n ** 63n)) },
        { ts: 1n, geo: 5764607523034234879n, elev: -400n, value: double(-1.5) },
        { ts: 2n, value: decimal(150n, 2) },
        { ts: 3n, elev: 12n, value: bool(true) },
        { ts: 4n, value: string('héllo ✓') },
        { ts: 2n ** 63n - 1n, value: binary(new Uint8Array([0, 255, 7])) },
      ],
    };
    await outbox.deliver(fe, [sent]);
    await eventually(() => expect(inbox.got).toHaveLength(1), soon);
    expect(inbox.got[0].series).toBe(sent.series);
    expect(inbox.got[0].points).toEqual(sent.points);
  });

  it('keeps the order of chunks within and across deliveries, and calls the front end one batch at a time', async () => {
    const fe = channel();
    const outbox = await cell.outbox();
    const inbox = await collect(await cell.inbox(fe));
    let seq = 0;
    for (let call = 0; call < 20; call++) await outbox.deliver(fe, [1, 2, 3, 1, 2, 3].map((s) => chunk(s, seq++)));
    await eventually(() => expect(inbox.got).toHaveLength(120), soon);
    if (factory.order === 'all') expect(seqs(inbox.got)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    for (const s of [1, 2, 3]) expect(seqs(inbox.got, s)).toEqual(seqs(inbox.got, s).sort((x, y) => x - y));
    expect(inbox.overlapped()).toBe(false);
  });

  it('never replays what was sent before the front end started', async () => {
    const fe = channel();
    const outbox = await cell.outbox();
    await outbox.deliver(fe, [chunk(1, 1)]).catch(() => undefined);
    const inbox = await collect(await cell.inbox(fe));
    await outbox.deliver(fe, [chunk(1, 2)]);
    await eventually(() => expect(seqs(inbox.got)).toEqual([2]), soon);
  });

  it('stops calling a front end that closed', async () => {
    const fe = channel();
    const outbox = await cell.outbox();
    const inbox = await cell.inbox(fe);
    const got: DatapointsStored[] = [];
    await inbox.start((chunks) => {
      got.push(...chunks);
    });
    await outbox.deliver(fe, [chunk(1, 1)]);
    await eventually(() => expect(got).toHaveLength(1), soon);
    await inbox.close();
    await outbox.deliver(fe, [chunk(1, 2)]).catch(() => undefined);
    await inbox.close();
    expect(seqs(got)).toEqual([1]);
  });

  (factory.integrity ? it : it.skip)('never delivers a message that fails its integrity check, and delivers the next ones', async () => {
    const fe = channel();
    const outbox = await cell.outbox();
    const inbox = await collect(await cell.inbox(fe));
    await cell.tamper!(fe, chunk(1, 1));
    await outbox.deliver(fe, [chunk(1, 2)]);
    await eventually(() => expect(seqs(inbox.got)).toEqual([2]), soon);
  });
}
