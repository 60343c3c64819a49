import type { KafkaMessage } from 'kafkajs';
import { FeedPartitions, type Wanted } from './kafka-feed-partitions.js';

const messages = (...offsets: number[]) => offsets.map((o) => ({ offset: String(o) }) as KafkaMessage);

function setup() {
  const seeks: [number, number][] = [];
  const failures: [number, unknown][] = [];
  const logs: string[] = [];
  const parts = new FeedPartitions(
    (p, o) => seeks.push([p, o]),
    (read, error) => failures.push([read, error]),
    (m) => logs.push(m),
  );
  return { parts, seeks, failures, logs };
}

/** Wanted with fixed starts; `resume` answers from `stored` and records how it was asked. */
function wanted(starts: Record<number, number>, stored: Record<number, number> = {}, sync = true): Wanted & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    start: (p) => (sync ? (starts[p] ?? 0) : undefined),
    resume: async (p, handedOver, first) => {
      asked.push({ p, handedOver, first });
      if (stored[p] === undefined) throw new Error(`no checkpoint for ${p}`);
      return stored[p];
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('FeedPartitions', () => {
  it('seeks the partitions held when a read begins to its start offsets, and moves them on hand-over', () => {
    const { parts, seeks } = setup();
    parts.assigned([0, 1]);
    expect(seeks).toEqual([]);
    parts.begin(1, wanted({ 0: 5, 1: 0 }));
    expect(seeks).toEqual([[0, 5], [1, 0]]);
    expect(parts.handOver(0, parts.epochOf(0), 5, 9)).toBe(true);
    expect(parts.nextOf(0)).toBe(10);
    expect(parts.handOver(0, parts.epochOf(0), 3, 4)).toBe(false);
  });

  it('starts the partitions of the first join of a read, and resumes later ones from the read model', async () => {
    const { parts, seeks } = setup();
    const w = wanted({ 0: 7, 1: 3 }, { 2: 40 });
    parts.begin(1, w);
    parts.assigned([0, 1]);
    expect(seeks).toEqual([[0, 7], [1, 3]]);
    parts.assigned([0, 1, 2]);
    expect(parts.nextOf(2)).toBeUndefined();
    await settle();
    expect(w.asked).toEqual([{ p: 2, handedOver: undefined, first: false }]);
    expect(parts.nextOf(2)).toBe(40);
    expect(seeks.at(-1)).toEqual([2, 40]);
  });

  it('asks resume for every start when the read has no synchronous start (the read model decides)', async () => {
    const { parts } = setup();
    parts.assigned([0]);
    const w = wanted({}, { 0: 12 }, false);
    parts.begin(1, w);
    expect(parts.nextOf(0)).toBeUndefined();
    await settle();
    expect(w.asked).toEqual([{ p: 0, handedOver: undefined, first: true }]);
    expect(parts.nextOf(0)).toBe(12);
  });

  it('seeks a kept partition back to its position after a rejoin, and tells resume where it left a re-assigned one', async () => {
    const { parts, seeks } = setup();
    const w = wanted({ 0: 0, 1: 0 }, { 1: 2 });
    parts.begin(1, w);
    parts.assigned([0, 1]);
    parts.handOver(0, parts.epochOf(0), 0, 4);
    parts.handOver(1, parts.epochOf(1), 0, 9);
    seeks.length = 0;
    parts.assigned([0]);
    expect(seeks).toEqual([[0, 5]]);
    expect(parts.holds(1)).toBe(false);
    parts.assigned([0, 1]);
    await settle();
    expect(w.asked).toEqual([{ p: 1, handedOver: 10, first: false }]);
    expect(parts.nextOf(1)).toBe(2);
  });

  it('refuses hand-overs of batches fetched before a seek, or during a rebalance until the join', () => {
    const { parts } = setup();
    parts.assigned([0]);
    parts.begin(1, wanted({ 0: 0 }));
    const before = parts.epochOf(0);
    parts.begin(2, wanted({ 0: 3 }));
    expect(parts.handOver(0, before, 3, 5)).toBe(false);
    parts.suspend();
    expect(parts.handOver(0, parts.epochOf(0), 3, 5)).toBe(false);
    parts.assigned([0]);
    expect(parts.handOver(0, parts.epochOf(0), 3, 5)).toBe(true);
  });

  it.each([
    ['delivers from the position inside a batch', 5, messages(3, 4, 5, 6), 2, []],
    ['drops a batch wholly before the position and seeks again', 9, messages(3, 4), -1, [[0, 9]]],
    ['re-seeks once when a batch starts after the position', 5, messages(8, 9), -1, [[0, 5]]],
  ])('%s', (_name, at, batch, first, seeks) => {
    const s = setup();
    s.parts.assigned([0]);
    s.parts.begin(1, wanted({ 0: at }));
    s.seeks.length = 0;
    expect(s.parts.firstToDeliver(0, batch)).toBe(first);
    expect(s.seeks).toEqual(seeks);
  });

  it('accepts a gap found again after re-seeking (a compacted or expired range) and says so', () => {
    const { parts, logs } = setup();
    parts.assigned([0]);
    parts.begin(1, wanted({ 0: 5 }));
    expect(parts.firstToDeliver(0, messages(8, 9))).toBe(-1);
    expect(parts.firstToDeliver(0, messages(8, 9))).toBe(0);
    expect(logs).toEqual(['kafka partition 0: offsets 5..7 are missing (compacted or expired), reading on from 8']);
  });

  it('forgets positions when the read ends, and wakes partitions waiting for one', async () => {
    const { parts } = setup();
    parts.assigned([0]);
    parts.begin(1, wanted({ 0: 2 }));
    const woken = parts.ready(0);
    expect(parts.end(2)).toBe(false);
    expect(parts.end(1)).toBe(true);
    await woken;
    expect(parts.nextOf(0)).toBeUndefined();
    expect(parts.isCurrent(1)).toBe(false);
  });

  it('fails the read when resume cannot say where a partition starts', async () => {
    const { parts, failures } = setup();
    parts.begin(1, wanted({}, {}, false));
    parts.assigned([3]);
    await settle();
    expect(failures).toEqual([[1, new Error('no checkpoint for 3')]]);
  });

  it('flushes before a revoke: waits until the reader applied what it was handed, then commits what it holds', async () => {
    const { parts } = setup();
    parts.assigned([0, 1]);
    parts.begin(1, wanted({ 0: 0, 1: 0 }));
    parts.handOver(0, parts.epochOf(0), 0, 9);
    parts.noteApplied(new Map([[0, 4], [5, 1]]));
    const committed: Map<number, number>[] = [];
    const flushing = parts.flushBeforeRevoke(10_000, async (o) => void committed.push(new Map(o)));
    await settle();
    expect(committed).toEqual([]);
    parts.noteApplied(new Map([[0, 10]]));
    await flushing;
    expect(committed).toEqual([new Map([[0, 10]])]);
  });

  it('does not wait to flush when the reader never reports what it applied', async () => {
    const { parts } = setup();
    parts.assigned([0]);
    parts.begin(1, wanted({ 0: 0 }));
    parts.handOver(0, parts.epochOf(0), 0, 9);
    const commit = jest.fn(async () => undefined);
    await parts.flushBeforeRevoke(10_000, commit);
    expect(commit).not.toHaveBeenCalled();
  });
});
