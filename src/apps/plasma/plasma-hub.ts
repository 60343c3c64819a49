import type { DatapointsStored } from '../../../domain/events/data.events.js';
import { renderPlasmaChunk, seriesPrefix, type PlasmaMessage, type RenderedFormat } from '../../../domain/plasma/plasma-render.js';
import type { Series, SeriesId } from '../../../domain/series/series.js';
import type { PlasmaSession } from './plasma-session.js';

/** A series some session of this front end subscribed to, and who. */
interface Subscribed {
  readonly series: Series;
  readonly sessions: Set<PlasmaSession>;
  /** seriesPrefix per format and exposure (`rendering key`), made on first use. */
  prefixes?: Map<string, string>;
}

/** Aggregate figures of a front end, for /metrics. */
export interface PlasmaHubStats {
  readonly sessions: number;
  readonly subscriptions: number;
  readonly series: number;
  readonly queuedBytes: number;
  readonly sentMessages: number;
  readonly sentPoints: number;
  readonly droppedMessages: number;
  readonly droppedPoints: number;
}

export interface PlasmaHubOptions {
  /** Longest pushed message in characters (90% of plasma.frontend.websocket.maxmessagesize). */
  readonly maxChars: number;
  /** `warp10.expose.owner.producer`: show owner/producer to every session. */
  readonly exposeAll: boolean;
  /** Told whenever the set of subscribed series changes; resolves once the change is published. */
  readonly onSetChanged: () => Promise<void>;
  readonly random?: () => number;
}

/**
 * The sessions of one plasma front end and the series they subscribe to, refcounted across sessions (reference
 * §8.1), and the fan-out of incoming chunks to them.
 *
 * Fan-out: a chunk goes to every open session subscribed to its series, as one or more messages (split at
 * `maxChars`). Sessions sharing format and exposure (and not sampling) share one rendering, encoded once into a
 * Buffer that `ws` sends to each without copying. A session whose backlog is full gets nothing rendered: the chunk
 * is counted as one dropped message with all its points. Nothing here waits on a client, so a stalled session
 * costs the others nothing but the check.
 */
export class PlasmaHub {
  private readonly sessions = new Set<PlasmaSession>();
  private readonly subscribed = new Map<SeriesId, Subscribed>();
  private closedStats = { sentMessages: 0, sentPoints: 0, droppedMessages: 0, droppedPoints: 0 };
  private readonly random: () => number;

  constructor(private readonly options: PlasmaHubOptions) {
    this.random = options.random ?? Math.random;
  }

  /** Every series some session subscribes to (what the front end publishes). */
  seriesIds(): ReadonlySet<SeriesId> {
    return new Set(this.subscribed.keys());
  }

  add(session: PlasmaSession): void {
    this.sessions.add(session);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Forgets a closed session and its subscriptions; resolves once a shrunk set is published. */
  remove(session: PlasmaSession): Promise<void> {
    if (!this.sessions.delete(session)) return Promise.resolve();
    const s = session.backlog.stats();
    this.closedStats.sentMessages += s.sentMessages;
    this.closedStats.sentPoints += s.sentPoints;
    this.closedStats.droppedMessages += s.droppedMessages;
    this.closedStats.droppedPoints += s.droppedPoints;
    return this.clear(session);
  }

  /** SUBSCRIBE: adds what the directory found (up to the session's limit). */
  subscribe(session: PlasmaSession, found: readonly Series[], tokenExposes: boolean): Promise<void> {
    if (!this.sessions.has(session)) return Promise.resolve(); // closed while the directory answered
    let changed = false;
    for (const s of session.state.subscribe(found, tokenExposes)) {
      const entry = this.subscribed.get(s.id);
      if (entry !== undefined) entry.sessions.add(session);
      else {
        this.subscribed.set(s.id, { series: s, sessions: new Set([session]) });
        changed = true;
      }
    }
    return changed ? this.options.onSetChanged() : Promise.resolve();
  }

  /** UNSUBSCRIBE: removes what the directory found from the session. */
  unsubscribe(session: PlasmaSession, found: readonly Series[]): Promise<void> {
    return this.release(session, session.state.unsubscribe(found));
  }

  /** CLEAR (and socket close): drops all of the session's subscriptions. */
  clear(session: PlasmaSession): Promise<void> {
    return this.release(session, session.state.clear());
  }

  /**
   * Fans a batch of chunks out to the subscribed sessions (the PlasmaInbox handler). Each session's messages of the
   * batch are held and written out together at the end (PlasmaSession.hold).
   */
  dispatch(chunks: readonly DatapointsStored[]): void {
    const held: PlasmaSession[] = [];
    try {
      for (const chunk of chunks) {
        const entry = this.subscribed.get(chunk.series);
        if (entry !== undefined && chunk.points.length > 0) this.fanOut(entry, chunk, held);
      }
    } finally {
      for (const session of held) session.release();
    }
  }

  stats(): PlasmaHubStats {
    let subscriptions = 0;
    let queuedBytes = 0;
    const totals = { ...this.closedStats };
    for (const session of this.sessions) {
      subscriptions += session.state.subscriptions.size;
      queuedBytes += session.queuedBytes;
      const s = session.backlog.stats();
      totals.sentMessages += s.sentMessages;
      totals.sentPoints += s.sentPoints;
      totals.droppedMessages += s.droppedMessages;
      totals.droppedPoints += s.droppedPoints;
    }
    return { sessions: this.sessions.size, subscriptions, series: this.subscribed.size, queuedBytes, ...totals };
  }

  /** The live sessions (per-session metrics). */
  list(): Iterable<PlasmaSession> {
    return this.sessions;
  }

  private release(session: PlasmaSession, ids: readonly SeriesId[]): Promise<void> {
    let changed = false;
    for (const id of ids) {
      const entry = this.subscribed.get(id);
      if (entry === undefined) continue;
      entry.sessions.delete(session);
      if (entry.sessions.size === 0) {
        this.subscribed.delete(id);
        changed = true;
      }
    }
    return changed ? this.options.onSetChanged() : Promise.resolve();
  }

  private fanOut(entry: Subscribed, chunk: DatapointsStored, held: PlasmaSession[]): void {
    let shared: Map<string, { data: Buffer; points: number }[]> | undefined;
    for (const session of entry.sessions) {
      const state = session.state;
      if (!session.open || (state.format !== 'TEXT' && state.format !== 'FULLTEXT' && state.format !== 'JSON')) continue;
      if (session.wouldDrop()) {
        session.backlog.refuse(chunk.points.length);
        continue;
      }
      const expose = this.options.exposeAll || state.exposeOwnerProducer;
      const key = `${state.format}${expose ? '+' : '-'}`;
      let messages: { data: Buffer; points: number }[];
      if (state.sampleRate < 1) {
        const rate = state.sampleRate;
        messages = encode(this.render(entry, key, chunk, state.format, expose, () => this.random() <= rate));
      } else {
        shared ??= new Map();
        let cached = shared.get(key);
        if (cached === undefined) {
          cached = encode(this.render(entry, key, chunk, state.format, expose, undefined));
          shared.set(key, cached);
        }
        messages = cached;
      }
      if (session.hold()) held.push(session);
      for (const m of messages) session.push(m.data, m.points);
    }
  }

  private render(entry: Subscribed, key: string, chunk: DatapointsStored, format: RenderedFormat, expose: boolean, keep: (() => boolean) | undefined): PlasmaMessage[] {
    const prefixes = (entry.prefixes ??= new Map());
    let prefix = prefixes.get(key);
    if (prefix === undefined) prefixes.set(key, (prefix = seriesPrefix(entry.series, format, expose)));
    return renderPlasmaChunk(entry.series, chunk.points, { format, expose, maxChars: this.options.maxChars, prefix, ...(keep !== undefined ? { keep } : {}) });
  }
}

/** Rendered text is ASCII (everything is percent-encoded or JSON-escaped): latin1 encodes it byte for byte. */
function encode(messages: readonly PlasmaMessage[]): { data: Buffer; points: number }[] {
  return messages.map((m) => ({ data: Buffer.from(m.text, 'latin1'), points: m.points }));
}
