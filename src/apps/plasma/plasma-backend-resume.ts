import type { Checkpoint } from '../../../domain/ports/checkpoint.js';
import type { ProjectionDefinition } from '../../../projections/projection.js';

/** Where the group left partitions: its committed offsets, partitions without one absent. */
export type GroupOffsets = (partitions: readonly number[]) => Promise<Checkpoint>;

/**
 * The plasma projection as the back ends of one consumer group run it. Plasma keeps no checkpoint (it starts at the
 * log's end), so the group's committed offsets — what the back end that held a partition forwarded, committed
 * periodically and before a rebalance takes the partition away — are its memory across back ends: a partition
 * handed over (at the first join too, when a back end joins a running group) resumes there (`checkpointOf`, the
 * runner's ReadOptions.resume), instead of at this back end's start, which would forward those chunks again.
 * A partition the group never committed resumes at `applied()`'s (this back end's start, at the log's end).
 *
 * The offsets this back end commits (`committable`) are the later of what it forwarded and where it resumed: until a
 * new record of a partition comes, the runner's applied checkpoint still holds its own older view of it, and
 * committing that would move the group back to before what the previous holder forwarded. After each forwarded
 * batch, `commitNow` is called (one call at a time, the latest offsets; never awaited by the forwarding): a
 * periodic commit alone would leave up to a period of forwarded chunks for the next holder to forward again when
 * the consumer notices the rebalance where it cannot flush first.
 */
export class GroupResume {
  private readonly resumedAt = new Map<number, number>();
  private readonly forwarded = new Map<number, number>();
  private committing = false;
  private again = false;

  constructor(
    private readonly committed: GroupOffsets,
    private readonly applied: () => Checkpoint,
    private readonly commitNow?: (offsets: Checkpoint) => Promise<void>,
  ) {}

  /** `projection` answering `checkpointOf` with the group's offsets. */
  definition(projection: ProjectionDefinition<'data'>): ProjectionDefinition<'data'> {
    return {
      name: projection.name,
      topic: projection.topic,
      startFrom: projection.startFrom,
      poison: projection.poison,
      load: () => projection.load(),
      truncate: () => projection.truncate(),
      handle: async (records, commit) => {
        await projection.handle(records, commit);
        raise(this.forwarded, commit.checkpoint);
        this.commitSoon();
      },
      checkpointOf: (partitions) => this.checkpointOf(partitions),
    };
  }

  /** Per partition, the latest of the runner's applied offset, what was forwarded and the offset it resumed at. */
  committable(): Checkpoint {
    const out = new Map(this.applied());
    raise(out, this.forwarded);
    raise(out, this.resumedAt);
    return out;
  }

  /** Commits `committable()` now, or once the commit in flight is done (failures are the committer's to log). */
  private commitSoon(): void {
    if (this.commitNow === undefined) return;
    if (this.committing) {
      this.again = true;
      return;
    }
    this.committing = true;
    void this.commitNow(this.committable())
      .catch(() => undefined)
      .finally(() => {
        this.committing = false;
        if (this.again) {
          this.again = false;
          this.commitSoon();
        }
      });
  }

  private async checkpointOf(partitions: readonly number[]): Promise<Checkpoint> {
    const committed = await this.committed(partitions);
    const applied = this.applied();
    const out = new Map<number, number>();
    for (const p of partitions) {
      const offset = committed.get(p) ?? applied.get(p);
      if (offset === undefined) continue;
      out.set(p, offset);
      if ((this.resumedAt.get(p) ?? -1) < offset) this.resumedAt.set(p, offset);
    }
    return out;
  }
}

/** Raises each partition of `target` to `by`'s offset where that is later. */
function raise(target: Map<number, number>, by: ReadonlyMap<number, number>): void {
  for (const [p, o] of by) if ((target.get(p) ?? -1) < o) target.set(p, o);
}
