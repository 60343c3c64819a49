import type { DatapointsStored } from '../../../domain/events/data.events.js';
import type { PlasmaInbox, PlasmaOutbox } from '../../../domain/ports/plasma-channel.js';

type ChunkHandler = (chunks: readonly DatapointsStored[]) => Promise<void> | void;

/**
 * The plasma channel inside one process (standalone cell): the back end's `deliver` hands chunks straight to the
 * named front end's handler, one call at a time and in order (the in-process twin of the per-front-end Kafka
 * topics, reference §8.2). `deliver` resolves once the front end has taken the chunks; since the front end only
 * renders and queues them per session (never waiting on a client), this paces the plasma projection by the
 * fan-out's CPU cost alone and holds no unbounded buffer. Chunks for a front end that is not started (or closed)
 * are dropped: plasma is live data, never replayed.
 */
export class InProcessPlasmaBus implements PlasmaOutbox {
  private readonly handlers = new Map<string, { handler: ChunkHandler; tail: Promise<void> }>();

  /** The receiving end of front end `frontEnd`. */
  inbox(frontEnd: string): PlasmaInbox {
    return {
      start: (onChunks) => {
        this.handlers.set(frontEnd, { handler: onChunks, tail: Promise.resolve() });
        return Promise.resolve();
      },
      close: async () => {
        const entry = this.handlers.get(frontEnd);
        this.handlers.delete(frontEnd);
        await entry?.tail;
      },
    };
  }

  deliver(frontEnd: string, chunks: readonly DatapointsStored[]): Promise<void> {
    const entry = this.handlers.get(frontEnd);
    if (entry === undefined || chunks.length === 0) return Promise.resolve();
    const done = entry.tail.then(() => entry.handler(chunks));
    entry.tail = done.catch(() => undefined);
    return done;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
