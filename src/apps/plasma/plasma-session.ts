import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { PlasmaSessionState } from '../../../domain/plasma/plasma-session.js';
import { SessionBacklog } from '../../../domain/plasma/session-backlog.js';
import { closeWebSocket } from '../shared/ws-close.js';

const OPEN = 1;

/**
 * Held pushed bytes past which `push` writes them out even inside a hold: bounds what a hold adds to the backlog
 * (it counts against the session's bound) while still writing many small messages per system call.
 */
const HOLD_FLUSH_BYTES = 64 * 1024;

/**
 * One plasma WebSocket session of a front end: its protocol state, its bounded backlog and its connection.
 *
 * The session's queue IS the `ws` send buffer (the sender's queue plus the socket's write buffer): `bufferedAmount`
 * is its size and `push` refuses a message that would take it past the bound (SessionBacklog, drop-newest). No
 * second queue is kept in front of it, so a rendered message shared by many sessions is never copied per session.
 * Replies to the client's own commands (KO, SUB lines, STATS) bypass the bound: they answer a request, and a
 * client that sends requests reads.
 *
 * Commands run one after the other (`run`): Nest's ws adapter handles messages concurrently, Warp 10's protocol
 * is ordered (SUBSCRIBE then SUBSCRIPTIONS must list the new series).
 */
export class PlasmaSession {
  readonly state: PlasmaSessionState;
  readonly backlog: SessionBacklog;
  /** ms since the epoch of the last message received or sent (idle timeout). */
  lastActivity = Date.now();
  private tail: Promise<void> = Promise.resolve();
  private closing = false;
  private holding = false;

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
    limits: { readonly maxSubscriptions: number; readonly queueMaxBytes: number },
  ) {
    this.state = new PlasmaSessionState(limits.maxSubscriptions);
    this.backlog = new SessionBacklog(limits.queueMaxBytes);
  }

  /** Whether pushed data still has somewhere to go. */
  get open(): boolean {
    return !this.closing && this.ws.readyState === OPEN;
  }

  /** Bytes waiting to be written to the client. */
  get queuedBytes(): number {
    return this.ws.bufferedAmount;
  }

  /** Runs `work` after the commands received before it; its errors are the caller's (`work` must catch). */
  run(work: () => Promise<void> | void): Promise<void> {
    const next = this.tail.then(work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Whether pushing a message of `bytes` now would be dropped (lets the fan-out skip rendering). */
  wouldDrop(bytes = 1): boolean {
    return this.backlog.isFull(this.ws.bufferedAmount, bytes);
  }

  /** Pushes data (a text frame), unless it would pass the session's bound: then it is dropped and counted. */
  push(data: Buffer, points: number): boolean {
    if (!this.open) {
      this.backlog.drop(1, points);
      return false;
    }
    if (!this.backlog.admit(data.length, points, this.ws.bufferedAmount)) return false;
    this.ws.send(data, { binary: false });
    if (this.holding && this.socket.writableLength >= HOLD_FLUSH_BYTES) {
      this.socket.uncork();
      this.socket.cork();
    }
    this.lastActivity = Date.now();
    return true;
  }

  /**
   * Holds the frames pushed from now on in the socket (cork) until `release`, so that the messages of one fan-out
   * batch go out in one write instead of one system call each (W1 pushes ~100,000 messages of ~300 bytes). Every
   * message stays its own frame. Returns false if the session already holds (the caller must not release then).
   */
  hold(): boolean {
    if (this.holding) return false;
    this.holding = true;
    this.socket.cork();
    return true;
  }

  /** Writes out what was held since `hold`. */
  release(): void {
    if (!this.holding) return;
    this.holding = false;
    this.socket.uncork();
  }

  /** Sends a reply to one of the client's commands (never dropped). */
  reply(text: string): void {
    if (!this.open) return;
    this.ws.send(text);
    this.lastActivity = Date.now();
  }

  /** Closes with Warp 10's non-standard code 400 and `reason` (bad command), see closeWebSocket. */
  fail(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    closeWebSocket(this.socket, 400, reason);
  }

  /** Closes with a standard code (idle timeout, shutdown). */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(code, reason);
  }
}
