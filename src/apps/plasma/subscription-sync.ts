import type { Logger } from '@nestjs/common';
import type { SubscriptionPublisher } from '../../../domain/ports/plasma-subscriptions.js';
import type { SeriesId } from '../../../domain/series/series.js';

/**
 * Publishes a front end's subscription set when it changes (reference §8.2: Warp 10 checks every
 * `plasma.frontend.subscribe.delay` ms): the first change after a publication waits `delayMs`, then the set of
 * that moment goes out; changes made meanwhile ride along. Publications never overlap (the port asks for it) and
 * the last one wins. A failed publication is logged and retried after `max(delayMs, 1 s)` with the then current set.
 */
export class SubscriptionSync {
  private dirty = false;
  private closed = false;
  private running: Promise<void> | undefined;
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly publisher: SubscriptionPublisher,
    private readonly current: () => ReadonlySet<SeriesId>,
    private readonly delayMs: number,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  /** Notes a change; resolves once a publication that includes it was attempted. */
  changed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.dirty = true;
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.running ??= this.loop();
    return done;
  }

  /** Stops publishing and withdraws the set. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.wake?.();
    await this.running;
    await this.publisher.close();
  }

  private async loop(): Promise<void> {
    let pause = this.delayMs;
    while (this.dirty && !this.closed) {
      if (pause > 0) await this.sleep(pause);
      if (this.closed) break;
      this.dirty = false;
      const waiters = this.waiters;
      this.waiters = [];
      pause = this.delayMs;
      try {
        await this.publisher.publish(this.current());
      } catch (error) {
        this.logger.warn(`cannot publish the plasma subscriptions of ${this.publisher.frontEnd} (retrying): ${(error as Error).message}`);
        this.dirty = true;
        pause = Math.max(this.delayMs, 1000);
      }
      for (const w of waiters) w();
    }
    for (const w of this.waiters.splice(0)) w();
    this.running = undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}
