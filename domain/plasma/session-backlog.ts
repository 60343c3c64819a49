/** What a session has been sent and what it lost to its bound. */
export interface SessionBacklogStats {
  readonly sentMessages: number;
  readonly sentPoints: number;
  readonly droppedMessages: number;
  readonly droppedPoints: number;
}

/**
 * The bound on what one plasma session may have waiting to be written to its client (issue 5 point 4,
 * `plasma.frontend.session.queue.maxbytes`), and the counts of what it dropped.
 *
 * Policy: DROP-NEWEST. When a message would take the session's backlog (the bytes its transport still holds,
 * e.g. the `ws` send buffer plus the socket's write buffer) past `maxBytes`, that new message is dropped and
 * counted, and what is already queued is kept. Why newest and not oldest: every queued message is already
 * serialised into the transport's buffer, in order; dropping the oldest would mean cutting into bytes the
 * transport owns (or keeping a second copy of everything), and a client reading slowly would then see gaps
 * anywhere in what it already has. Dropping the newest keeps what it receives a coherent prefix of the stream
 * followed by a gap, every message being self-contained (a TEXT message starts with a full class line, a JSON
 * message is a whole array). A slow session therefore only ever costs `maxBytes` of memory, and its drops
 * never delay the fan-out to the other sessions nor the projection feeding it.
 *
 * A message larger than the whole bound still goes out when nothing is waiting, otherwise a bound smaller than
 * the message size would starve the session for ever.
 *
 * Hysteresis: once a message was dropped the session is BEHIND, and every new message is dropped until its
 * backlog drained to half the bound (`resumeBytes`). Without it a session sitting at its bound would take a
 * message now and then as its client reads a few bytes: its socket would be held and written for a handful of
 * messages per fan-out batch, and its client would see many small gaps instead of one. A behind session costs
 * the fan-out one comparison per chunk (`isFull`), nothing rendered and its socket untouched.
 */
export class SessionBacklog {
  private sentMessages = 0;
  private sentPoints = 0;
  private droppedMessages = 0;
  private droppedPoints = 0;
  /** Set by a refusal, cleared by the next admitted message (see the class comment). */
  private behind = false;
  /** Backlog at or under which a behind session takes messages again: half the bound. */
  readonly resumeBytes: number;

  constructor(readonly maxBytes: number) {
    this.resumeBytes = Math.floor(maxBytes / 2);
  }

  /**
   * Decides whether a message of `bytes` carrying `points` points may be queued given `waiting` bytes already
   * queued, and counts it as sent or dropped.
   */
  admit(bytes: number, points: number, waiting: number): boolean {
    if (this.isFull(waiting, bytes)) {
      this.refuse(points);
      return false;
    }
    this.behind = false;
    this.sentMessages++;
    this.sentPoints += points;
    return true;
  }

  /**
   * Counts one message of `points` points dropped because the session is full (`isFull` said so, the caller did
   * not render it): the session is behind from then on.
   */
  refuse(points: number): void {
    this.behind = true;
    this.drop(1, points);
  }

  /** Counts messages dropped without asking (e.g. rendered for a session that closed meanwhile). */
  drop(messages: number, points: number): void {
    this.droppedMessages += messages;
    this.droppedPoints += points;
  }

  /** Whether a new message of `bytes` would be dropped now: lets the caller skip rendering it. */
  isFull(waiting: number, bytes = 1): boolean {
    return waiting > 0 && (waiting + bytes > this.maxBytes || (this.behind && waiting > this.resumeBytes));
  }

  stats(): SessionBacklogStats {
    return { sentMessages: this.sentMessages, sentPoints: this.sentPoints, droppedMessages: this.droppedMessages, droppedPoints: this.droppedPoints };
  }
}
