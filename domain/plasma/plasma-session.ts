import type { Series, SeriesId } from '../series/series.js';
import type { PlasmaFormat } from './plasma-command.js';

/**
 * What one plasma WebSocket session asked for (reference §8.1, Warp 10 StandalonePlasmaHandler): the series it
 * subscribed to (at most `maxSubscriptions`), its output format, its sample rate and whether `.owner`/`.producer`
 * may be shown to it. Pure state: the front end applies the changes it returns to its refcounts.
 */
export class PlasmaSessionState {
  format: PlasmaFormat = 'TEXT';
  /** Probability of keeping a point, in (0, 1]; 1 keeps all. */
  sampleRate = 1;
  private exposed = false;
  private readonly subs = new Map<SeriesId, Series>();

  constructor(private readonly maxSubscriptions: number) {}

  /** The subscribed series, in subscription order (Warp 10 lists them in hash-set order). */
  get subscriptions(): ReadonlyMap<SeriesId, Series> {
    return this.subs;
  }

  /** Whether pushed data and SUBSCRIPTIONS may show `.owner` and `.producer`. */
  get exposeOwnerProducer(): boolean {
    return this.exposed;
  }

  /**
   * Adds `found` (a directory answer, in its order) and returns the series newly subscribed. Stops, silently, once
   * the session holds `maxSubscriptions` series (Warp 10 checks before each series, even one already held).
   * Then the expose rule (Warp 10 2.x): when series were added, the session exposes owner/producer only if
   * `tokenExposes` and either it held nothing before and did not expose, or it held series and exposed already —
   * so one subscription made with a token without `.expose` hides them for good (until the session empties by
   * UNSUBSCRIBE). Quirk kept: after CLEAR (which does not reset the flag) an exposing session that subscribes
   * again with an `.expose` token stops exposing.
   */
  subscribe(found: readonly Series[], tokenExposes: boolean): Series[] {
    const before = this.subs.size;
    const added: Series[] = [];
    for (const s of found) {
      if (this.subs.size >= this.maxSubscriptions) break;
      if (this.subs.has(s.id)) continue;
      this.subs.set(s.id, s);
      added.push(s);
    }
    this.updateExpose(before, tokenExposes);
    return added;
  }

  /** Removes the given series and returns the ids that were subscribed. Emptying the session resets exposure. */
  unsubscribe(found: readonly Series[]): SeriesId[] {
    const removed: SeriesId[] = [];
    for (const s of found) if (this.subs.delete(s.id)) removed.push(s.id);
    if (this.subs.size === 0) this.exposed = false;
    return removed;
  }

  /** Drops every subscription (CLEAR, socket closed) and returns the ids that were subscribed. */
  clear(): SeriesId[] {
    const ids = [...this.subs.keys()];
    this.subs.clear();
    return ids;
  }

  private updateExpose(before: number, tokenExposes: boolean): void {
    const now = this.subs.size;
    if (now === 0) this.exposed = false;
    else if (now > before) this.exposed = tokenExposes && ((before === 0 && !this.exposed) || (before > 0 && this.exposed));
  }
}
