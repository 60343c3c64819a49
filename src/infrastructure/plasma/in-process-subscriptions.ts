import type { SubscriptionPublisher, SubscriptionRoutes } from '../../../domain/ports/plasma-subscriptions.js';
import type { SeriesId } from '../../../domain/series/series.js';

/** Told when the cell goes from no plasma subscription at all to some, and back. */
export type SubscriptionActivityListener = (active: boolean) => Promise<void> | void;

const NONE: readonly string[] = Object.freeze([]);

/**
 * Plasma routing inside one process (standalone cell): front ends publish their sets into a shared map and the
 * back end looks series up in it (the in-process twin of the ZooKeeper znodes, reference §8.2).
 *
 * `publish` copies the set (callers may keep mutating theirs) and resolves once `frontEndsOf` answers with it, so
 * points written after it resolves are routed. The map also tells `onActivity` listeners when the first set
 * becomes non-empty and when every set empties: the standalone back end reads the data log only while someone
 * listens (as Warp 10's standalone plasma is only fed while it has clients); `publish` waits for the listeners,
 * so a back end that starts reading the log is reading before the publisher's caller goes on.
 */
export class InProcessSubscriptions {
  private readonly sets = new Map<string, { readonly ids: ReadonlySet<SeriesId>; readonly single: readonly string[] }>();
  private readonly listeners: SubscriptionActivityListener[] = [];
  private active = false;

  /** The publisher of front end `frontEnd` (its channel name on the in-process bus). */
  publisher(frontEnd: string): SubscriptionPublisher {
    return {
      frontEnd,
      publish: (series) => this.publish(frontEnd, new Set(series)),
      close: () => this.publish(frontEnd, new Set()),
    };
  }

  /** The back end's view. */
  routes(): SubscriptionRoutes {
    return { frontEndsOf: (series) => this.frontEndsOf(series), close: () => Promise.resolve() };
  }

  /** Adds a listener of activity changes (see the class notes). It is told the current state at once if active. */
  async onActivity(listener: SubscriptionActivityListener): Promise<void> {
    this.listeners.push(listener);
    if (this.active) await listener(true);
  }

  /** Whether any front end subscribes to anything. */
  get isActive(): boolean {
    return this.active;
  }

  private frontEndsOf(series: SeriesId): readonly string[] {
    let found: string[] | undefined;
    let single: readonly string[] = NONE;
    for (const entry of this.sets.values()) {
      if (!entry.ids.has(series)) continue;
      if (single === NONE) single = entry.single;
      else (found ??= [...single]).push(entry.single[0]);
    }
    return found ?? single;
  }

  private async publish(frontEnd: string, ids: ReadonlySet<SeriesId>): Promise<void> {
    if (ids.size === 0) this.sets.delete(frontEnd);
    else this.sets.set(frontEnd, { ids, single: Object.freeze([frontEnd]) });
    const active = this.sets.size > 0;
    if (active === this.active) return;
    this.active = active;
    for (const listener of this.listeners) await listener(active);
  }
}
