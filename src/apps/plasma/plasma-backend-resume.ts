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
 * `floor()` keeps the offsets resumed at, for the offsets this back end commits (`committable`): until a new
 * record of a partition comes, the runner's applied checkpoint still holds its own older view of it, and
 * committing that would move the group back to before what the previous holder forwarded.
 */
export class GroupResume {
  private readonly resumedAt = new Map<number, number>();

  constructor(
    private readonly committed: GroupOffsets,
    private readonly applied: () => Checkpoint,
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
      handle: (records, commit) => projection.handle(records, commit),
      checkpointOf: (partitions) => this.checkpointOf(partitions),
    };
  }

  /** Per partition, the later of the runner's applied offset and the offset it resumed at. */
  committable(): Checkpoint {
    const out = new Map(this.applied());
    for (const [p, o] of this.resumedAt) if ((out.get(p) ?? -1) < o) out.set(p, o);
    return out;
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
