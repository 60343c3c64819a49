import { seriesIdOf } from '../../../../domain/series/series.js';
import { HeadTracker, MAX_RUN, MERGE_FANOUT, SEAL_BYTES, SEAL_POINTS, SHORT_RUN, SHORT_RUN_POINTS, type TrackedBlock } from './head-tracker.js';
import { opId } from './kv-overlay.js';
import { seriesBlockKey } from './store-keys.js';

const S = seriesIdOf(1n, 2n);
let serial = 0;
const tracked = (count: number, bytes = count * 2): TrackedBlock => {
  const n = serial++;
  // A block key of S, as the planner's ids are (the tracker keeps only the words after the series).
  return { id: opId(seriesBlockKey(S, BigInt(n) * 1_000_003n, n)), count, bytes };
};

/** Simulates committed applies of `count` points each, merging as told; returns the tracked sizes. */
function feed(tracker: HeadTracker, counts: number[]): { merges: number; sizes: number[] } {
  let merges = 0;
  for (const count of counts) {
    const choice = tracker.choose(S, count);
    const added = tracked(count);
    if (!choice) {
      tracker.record(S, [], undefined, added);
      continue;
    }
    merges++;
    const total = choice.run.reduce((n, b) => n + b.count, 0) + (choice.includesNew ? count : 0);
    tracker.record(S, choice.run, tracked(total), choice.includesNew ? undefined : added);
  }
  return { merges, sizes: tracker.tracked(S).map((b) => b.count) };
}

describe('HeadTracker', () => {
  it(`merges ${MERGE_FANOUT} blocks of one size level, the new one included`, () => {
    const tracker = new HeadTracker();
    const { merges, sizes } = feed(tracker, Array<number>(MERGE_FANOUT).fill(1));
    expect(merges).toBe(1);
    expect(sizes).toEqual([MERGE_FANOUT]);
  });

  it(`merges a run of ${SHORT_RUN} when it holds ${SHORT_RUN_POINTS} points or more, not below`, () => {
    const rich = feed(new HeadTracker(), Array<number>(SHORT_RUN).fill(SHORT_RUN_POINTS / SHORT_RUN));
    expect(rich).toEqual({ merges: 1, sizes: [SHORT_RUN_POINTS] });
    const poor = feed(new HeadTracker(), Array<number>(MERGE_FANOUT - 1).fill(SHORT_RUN_POINTS / SHORT_RUN / 2));
    expect(poor.merges).toBe(0);
    expect(poor.sizes).toHaveLength(MERGE_FANOUT - 1);
  });

  it('keeps a bounded number of small blocks however many applies come', () => {
    const tracker = new HeadTracker();
    const { sizes } = feed(tracker, Array<number>(10_000).fill(10));
    expect(sizes.length).toBeLessThan(2 * MERGE_FANOUT);
    expect(sizes.every((n) => n < SEAL_POINTS)).toBe(true);
  });

  it('does not track sealed blocks (by points or by bytes)', () => {
    const tracker = new HeadTracker();
    tracker.record(S, [], undefined, tracked(SEAL_POINTS));
    tracker.record(S, [], undefined, tracked(3, SEAL_BYTES));
    expect(tracker.tracked(S)).toEqual([]);
    expect(tracker.choose(S, SEAL_POINTS)).toBeUndefined();
  });

  it('merges an older run of equal levels without the new block when the new one is on another level', () => {
    const tracker = new HeadTracker();
    const run = Array.from({ length: MERGE_FANOUT }, () => tracked(100));
    for (const b of run) tracker.record(S, [], undefined, b);
    expect(tracker.choose(S, 1)).toEqual({ run, includesNew: false });
  });

  it.each([
    ['one deferred merge', MERGE_FANOUT + 1, MERGE_FANOUT + 1],
    ['many deferred merges, up to MAX_RUN', MAX_RUN + 5, MAX_RUN],
  ])('takes the similar-size blocks left below a run into it (%s)', (_name, stacked, runLength) => {
    const tracker = new HeadTracker();
    const older = tracked(400);
    const blocks = Array.from({ length: stacked }, () => tracked(20));
    // A merge the planner deferred leaves more than MERGE_FANOUT blocks of one level (record never merges).
    for (const b of [older, ...blocks]) tracker.record(S, [], undefined, b);
    const choice = tracker.choose(S, 1000);
    expect(choice).toEqual({ run: blocks.slice(stacked - runLength), includesNew: false });
  });

  it('merges blocks whose sizes straddle a level boundary (applies of 1 and 2 points alternating, and of 10 and 20)', () => {
    const small = feed(new HeadTracker(), Array.from({ length: MERGE_FANOUT }, (_, i) => (i % 2 === 0 ? 1 : 2)));
    expect(small).toEqual({ merges: 1, sizes: [1.5 * MERGE_FANOUT] });
    const larger = feed(new HeadTracker(), Array.from({ length: SHORT_RUN }, (_, i) => (i % 2 === 0 ? 10 : 20)));
    expect(larger).toEqual({ merges: 1, sizes: [15 * SHORT_RUN] });
  });

  it('keeps few blocks per series under applies of varying sizes', () => {
    const tracker = new HeadTracker();
    const { sizes } = feed(tracker, Array.from({ length: 100 }, (_, i) => 8 + ((i * 7) % 17)));
    expect(sizes.length).toBeLessThan(MERGE_FANOUT + 4);
  });

  it('puts a merged block in the place of its run and drops entries of rewritten keys', () => {
    const tracker = new HeadTracker();
    const [a, b, c] = [tracked(100), tracked(5), tracked(6)];
    for (const x of [a, b, c]) tracker.record(S, [], undefined, x);
    const merged = tracked(11);
    tracker.record(S, [b, c], merged, { ...a, count: 120 });
    expect(tracker.tracked(S).map((x) => x.count)).toEqual([11, 120]);
  });

  it('forgets a series, and everything on clear, and tracks nothing when disabled', () => {
    const tracker = new HeadTracker();
    tracker.record(S, [], undefined, tracked(3));
    tracker.forget(S);
    expect(tracker.tracked(S)).toEqual([]);
    tracker.record(S, [], undefined, tracked(3));
    tracker.clear();
    expect(tracker.tracked(S)).toEqual([]);
    const off = new HeadTracker(false);
    expect(feed(off, Array<number>(100).fill(1))).toEqual({ merges: 0, sizes: [] });
  });

  it('lets a block written again under a tracked key replace its entry, and drops it when it is now sealed', () => {
    const tracker = new HeadTracker();
    const [a, b] = [tracked(5), tracked(6)];
    tracker.record(S, [], undefined, a);
    tracker.record(S, [], undefined, b);
    tracker.record(S, [], undefined, { ...a, count: 7 });
    expect(tracker.tracked(S).map((x) => [x.id, x.count])).toEqual([
      [b.id, 6],
      [a.id, 7],
    ]);
    tracker.record(S, [], undefined, { ...b, count: SEAL_POINTS });
    expect(tracker.tracked(S).map((x) => x.id)).toEqual([a.id]);
  });

  it.each([
    ['the epoch', 0n, 0],
    ['a negative timestamp', -1_234_567_890_123n, 7],
    ['the extremes of ts and version', -(2n ** 63n), Number.MAX_SAFE_INTEGER],
    ['the largest timestamp', 2n ** 63n - 1n, 2 ** 32],
  ])('gives back the exact key, count and size it was given (%s)', (_, ts, version) => {
    const tracker = new HeadTracker();
    const block = { id: opId(seriesBlockKey(S, ts, version)), count: SEAL_POINTS - 1, bytes: SEAL_BYTES - 1 };
    tracker.record(S, [], undefined, block, true);
    expect(tracker.tracked(S)).toEqual([block]);
  });

  it('gives the same choices and records with the heads of an apply as without', () => {
    const [plain, withHeads] = [new HeadTracker(), new HeadTracker()];
    const other = seriesIdOf(3n, 4n);
    for (let i = 0; i < 3 * MERGE_FANOUT; i++) {
      for (const series of [S, other]) {
        const block = { ...tracked(i % 5 === 0 ? 40 : 3), id: opId(seriesBlockKey(series, BigInt(i), i)) };
        const head = withHeads.head(series);
        const [a, b] = [plain.choose(series, block.count), withHeads.choose(series, block.count, head)];
        expect(b).toEqual(a);
        const merged = a && { ...block, count: a.run.reduce((n, t) => n + t.count, block.count) };
        plain.record(series, a?.run ?? [], merged, a?.includesNew ? undefined : block, true);
        withHeads.record(series, b?.run ?? [], merged, b?.includesNew ? undefined : block, true, head);
      }
    }
    expect(withHeads.tracked(S)).toEqual(plain.tracked(S));
    expect(withHeads.tracked(other)).toEqual(plain.tracked(other));
  });

  it.each([
    ['forgotten', (t: HeadTracker) => t.forget(S)],
    ['cleared', (t: HeadTracker) => t.clear()],
  ])('does not write through a head of a series %s since (the series starts over)', (_, drop) => {
    const tracker = new HeadTracker();
    const [a, b] = [tracked(3), tracked(4)];
    tracker.record(S, [], undefined, a, true);
    const head = tracker.head(S);
    drop(tracker);
    tracker.record(S, [], undefined, b, true, head);
    expect(tracker.tracked(S)).toEqual([b]);
  });
});
