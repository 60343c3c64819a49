import type { DatapointsStored } from '../../domain/events/data.events.js';
import type { Checkpoint } from '../../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../../domain/ports/checkpoint-store.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
import type { PlasmaOutbox } from '../../domain/ports/plasma-channel.js';
import type { SubscriptionRoutes } from '../../domain/ports/plasma-subscriptions.js';
import type { ProjectionDefinition } from '../projection.js';

/** What the plasma back end forwarded and what it lost. */
export interface PlasmaForwardStats {
  readonly forwardedChunks: number;
  readonly forwardedPoints: number;
  readonly droppedChunks: number;
  readonly droppedPoints: number;
  readonly failedDeliveries: number;
}

export interface PlasmaProjectionDeps {
  readonly routes: SubscriptionRoutes;
  readonly outbox: PlasmaOutbox;
  /** Told of every failed delivery (logging); must not throw. */
  readonly onDeliveryError?: (frontEnd: string, error: unknown) => void;
}

/**
 * The plasma back end (reference §8.2, Warp 10 PlasmaBackEnd): reads the `data` topic from its END (it never
 * replays and keeps no checkpoint: plasma is live data), ignores deletions, and forwards each stored chunk to the
 * front ends that subscribed to its series — one `deliver` per front end per batch, chunks in log order.
 *
 * A delivery that fails is counted and its chunks dropped; it never fails the batch, so a front end that is down
 * or slow to acknowledge cannot stop the runner or hold the data topic back (at-most-once, as in Warp 10).
 * Deliveries to different front ends of one batch run concurrently.
 */
export class PlasmaProjection implements ProjectionDefinition<'data'> {
  readonly name = 'plasma';
  readonly topic = 'data' as const;
  readonly startFrom = 'end' as const;
  readonly poison = 'skip' as const;
  private counts = { forwardedChunks: 0, forwardedPoints: 0, droppedChunks: 0, droppedPoints: 0, failedDeliveries: 0 };

  constructor(private readonly deps: PlasmaProjectionDeps) {}

  load(): Promise<Checkpoint | undefined> {
    return Promise.resolve(undefined);
  }

  truncate(): Promise<void> {
    return Promise.resolve();
  }

  /** Forwards the batch; `_commit` is ignored (no checkpoint: a restart starts at the end again). */
  async handle(records: readonly LogRecord<'data'>[], _commit: CheckpointCommit): Promise<void> {
    let byFrontEnd: Map<string, DatapointsStored[]> | undefined;
    for (const record of records) {
      const event = record.event;
      if (event.type !== 'DatapointsStored') continue;
      const frontEnds = this.deps.routes.frontEndsOf(event.series);
      for (let i = 0; i < frontEnds.length; i++) {
        byFrontEnd ??= new Map();
        const list = byFrontEnd.get(frontEnds[i]);
        if (list === undefined) byFrontEnd.set(frontEnds[i], [event]);
        else list.push(event);
      }
    }
    if (byFrontEnd === undefined) return;
    const deliveries: Promise<void>[] = [];
    for (const [frontEnd, chunks] of byFrontEnd) deliveries.push(this.deliver(frontEnd, chunks));
    await Promise.all(deliveries);
  }

  stats(): PlasmaForwardStats {
    return { ...this.counts };
  }

  private async deliver(frontEnd: string, chunks: readonly DatapointsStored[]): Promise<void> {
    let points = 0;
    for (const c of chunks) points += c.points.length;
    try {
      await this.deps.outbox.deliver(frontEnd, chunks);
      this.counts.forwardedChunks += chunks.length;
      this.counts.forwardedPoints += points;
    } catch (error) {
      this.counts.failedDeliveries++;
      this.counts.droppedChunks += chunks.length;
      this.counts.droppedPoints += points;
      this.deps.onDeliveryError?.(frontEnd, error);
    }
  }
}
