import type { KafkaMessage } from 'kafkajs';

/** Where a read wants its partitions to start. */
export interface Wanted {
  /**
   * The next offset for a partition held when the read begins (or assigned by the read's first join), when
   * known at once; undefined to ask `resume` (with `first` true) instead.
   */
  start(partition: number): number | undefined;
  /**
   * The next offset for a partition, found asynchronously: at the read's start when `start` did not say, or
   * for a partition assigned later in the read (a rebalance gave it to this member, maybe after another
   * member consumed it). `handedOver` is where this read left the partition, if it had it before.
   */
  resume(partition: number, handedOver: number | undefined, first: boolean): Promise<number>;
}

interface PartitionState {
  /** The next offset to hand to the reader; undefined while unknown (no read, or resume pending). */
  next: number | undefined;
  /** Bumped by every seek: a batch fetched before the latest seek is never handed over. */
  epoch: number;
  /** The offset a gap was already re-sought from once (a second gap there is accepted: compacted topic). */
  gapAt: number | undefined;
  wake: () => void;
  woken: Promise<void>;
}

/**
 * Per-partition positions of a Kafka consumer feed. A read begins with start offsets; partitions that a
 * rebalance assigns during the read get theirs from `Wanted.resume`; after every join each held partition
 * is sought back to its position (kafkajs would restart from the group's committed offset). Also keeps
 * what was handed to the reader and what the reader reports applied, for the flush before a rebalance.
 */
export class FeedPartitions {
  private readonly held = new Map<number, PartitionState>();
  private read = 0;
  private wanted: Wanted | undefined;
  private readJoined = false;
  private readonly handedOver = new Map<number, number>();
  private readonly applied = new Map<number, number>();
  private appliedSeen = false;
  private suspended = false;
  private appliedChanged: (() => void) | undefined;

  /**
   * @param seek moves the consumer's fetch position of a partition
   * @param fail ends the current read with this error (a start position could not be found)
   */
  constructor(
    private readonly seek: (partition: number, offset: number) => void,
    private readonly fail: (read: number, error: unknown) => void,
    private readonly log: (message: string) => void,
  ) {}

  /** Read number `read` begins: held partitions go to `wanted.start`. */
  begin(read: number, wanted: Wanted): void {
    this.read = read;
    this.wanted = wanted;
    this.readJoined = this.held.size > 0;
    this.handedOver.clear();
    for (const [p, st] of this.held) {
      st.next = undefined;
      this.startAt(p, st, wanted, true);
    }
  }

  /** Read `read` ends (if it is the current one): positions become unknown until the next read. */
  end(read: number): boolean {
    if (read !== this.read) return false;
    this.read = 0;
    this.wanted = undefined;
    for (const st of this.held.values()) {
      st.next = undefined;
      wakeUp(st);
    }
    return true;
  }

  isCurrent(read: number): boolean {
    return read !== 0 && read === this.read;
  }

  current(): number {
    return this.read;
  }

  /**
   * A rebalance began: nothing fetched before it is handed over (this member may lose the partitions)
   * until the join that ends it says which partitions stay.
   */
  suspend(): void {
    this.suspended = true;
  }

  isSuspended(): boolean {
    return this.suspended;
  }

  /** A join's assignment: revoked partitions are forgotten, kept ones sought back, new ones started or resumed. */
  assigned(partitions: readonly number[]): void {
    this.suspended = false;
    const now = new Set(partitions);
    for (const [p, st] of this.held) {
      if (now.has(p)) continue;
      this.held.delete(p);
      wakeUp(st);
    }
    const first = this.read !== 0 && !this.readJoined;
    if (this.read !== 0) this.readJoined = true;
    for (const p of partitions) {
      const kept = this.held.get(p);
      if (kept) {
        if (kept.next !== undefined) this.setNext(p, kept, kept.next);
        continue;
      }
      const st = fresh();
      this.held.set(p, st);
      if (this.wanted) this.startAt(p, st, this.wanted, first);
    }
  }

  /** Forgets every partition (consumer stopped or crashed). */
  clear(): void {
    for (const st of this.held.values()) wakeUp(st);
    this.held.clear();
  }

  holds(partition: number): boolean {
    return this.held.has(partition);
  }

  nextOf(partition: number): number | undefined {
    return this.held.get(partition)?.next;
  }

  epochOf(partition: number): number {
    return this.held.get(partition)?.epoch ?? -1;
  }

  /** Resolves when the partition's position changes or it is revoked. */
  ready(partition: number): Promise<void> {
    return this.held.get(partition)?.woken ?? Promise.resolve();
  }

  /**
   * Index of the first message to deliver (at the partition's next offset), or -1 when the batch must be
   * dropped: wholly before the position, or starting after it (then the partition is sought back, once per
   * position; a gap found again after that is accepted and logged).
   */
  firstToDeliver(partition: number, messages: readonly KafkaMessage[]): number {
    const st = this.held.get(partition);
    if (!st || st.next === undefined) return -1;
    const next = st.next;
    let i = 0;
    while (i < messages.length && Number(messages[i].offset) < next) i++;
    if (i === messages.length) {
      if (messages.length > 0) this.seek(partition, next);
      return -1;
    }
    const first = Number(messages[i].offset);
    if (first > next) {
      if (st.gapAt !== next) {
        st.gapAt = next;
        this.seek(partition, next);
        return -1;
      }
      this.log(`kafka partition ${partition}: offsets ${next}..${first - 1} are missing (compacted or expired), reading on from ${first}`);
    }
    return i;
  }

  /**
   * The reader takes records `first..last` of a partition fetched at `epoch`: true (and the position moves
   * past them) unless the partition was revoked or sought since.
   */
  handOver(partition: number, epoch: number, first: number, last: number | undefined): boolean {
    const st = this.held.get(partition);
    if (this.suspended || !st || st.epoch !== epoch || st.next === undefined || first < st.next) return false;
    if (last !== undefined) {
      st.next = last + 1;
      this.handedOver.set(partition, last + 1);
    }
    return true;
  }

  /** The reader's applied checkpoint (what its read model has durably applied). */
  noteApplied(offsets: ReadonlyMap<number, number>): void {
    this.appliedSeen = true;
    for (const [p, o] of offsets) if ((this.applied.get(p) ?? -1) < o) this.applied.set(p, o);
    this.appliedChanged?.();
  }

  /** Applied offsets of the partitions this member holds. */
  appliedHeld(): Map<number, number> {
    return new Map([...this.applied].filter(([p]) => this.held.has(p)));
  }

  /**
   * Before partitions are given up in a rebalance: waits (at most `timeoutMs`) until the reader reports
   * applied everything it was handed, then commits. Skipped when the reader never reports (no wiring).
   */
  async flushBeforeRevoke(timeoutMs: number, commit: (offsets: ReadonlyMap<number, number>) => Promise<void>): Promise<void> {
    if (!this.appliedSeen) return;
    const deadline = Date.now() + timeoutMs;
    while (!this.coversHandedOver() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.appliedChanged = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.appliedChanged = undefined;
    }
    await commit(this.appliedHeld()).catch((err: unknown) => this.log(`kafka: cannot commit offsets before a rebalance: ${(err as Error).message}`));
  }

  private coversHandedOver(): boolean {
    for (const [p, o] of this.handedOver) if (this.held.has(p) && (this.applied.get(p) ?? -1) < o) return false;
    return true;
  }

  private setNext(partition: number, st: PartitionState, offset: number): void {
    st.next = offset;
    st.epoch++;
    st.gapAt = undefined;
    this.seek(partition, offset);
    wakeUp(st);
  }

  /** Sets the partition's start: at once when `wanted.start` knows it, else when `wanted.resume` answers. */
  private startAt(partition: number, st: PartitionState, wanted: Wanted, first: boolean): void {
    const known = first ? wanted.start(partition) : undefined;
    if (known !== undefined) return this.setNext(partition, st, known);
    const read = this.read;
    const settle = (offset: number) => {
      if (this.read === read && this.held.get(partition) === st && st.next === undefined) this.setNext(partition, st, offset);
    };
    wanted.resume(partition, this.handedOver.get(partition), first).then(settle, (err: unknown) => {
      this.log(`kafka partition ${partition}: cannot find where to resume: ${(err as Error).message}`);
      if (this.read === read) this.fail(read, err);
    });
  }
}

/** Resolves the state's current wait and arms a new one (so that a later wait really waits). */
function wakeUp(st: PartitionState): void {
  const wake = st.wake;
  const again = fresh();
  st.wake = again.wake;
  st.woken = again.woken;
  wake();
}

function fresh(): PartitionState {
  let wake!: () => void;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  return { next: undefined, epoch: 0, gapAt: undefined, wake, woken };
}
