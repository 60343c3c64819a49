import { InputParser } from '../../../domain/datapoints/input-format.js';
import { msToUnits } from '../../../domain/datapoints/time-units.js';
import { ForbiddenError, ValidationError } from '../../../domain/errors.js';
import {
  parseStreamUpdateRequest,
  readStreamUpdateBlock,
  type StreamUpdateErrorMode,
} from '../../../domain/ingest/stream-update.protocol.js';
import type { Clock } from '../../../domain/ports/clock.js';
import type { LogPosition } from '../../../domain/ports/command-log.js';
import type { Config } from '../../config/config.js';
import type { TokenService } from '../shared/token.service.js';
import type { UpdateGrant, UpdateHandler, UpdateResult } from './update.handler.js';

/** Warp 10's close code for a failed streamupdate message in `close` mode (non-standard, reference §8.3). */
export const STREAM_UPDATE_CLOSE_CODE = 400;

/** Where a session's replies go: its WebSocket, or a recorder in tests. */
export interface StreamUpdateTransport {
  send(text: string): void;
  /** Closes the connection with `code` (400, outside what `ws` sends) and `reason`; nothing is sent after it. */
  close(code: number, reason: string): void;
}

/** What sessions share: the /update path (same token checks, parser options, atomic durable append). */
export interface StreamUpdateContext {
  readonly update: UpdateHandler;
  readonly tokens: TokenService;
  readonly config: Config;
  readonly clock: Clock;
  /** Called once per message handled, with the points it stored (0 for verbs) or `'error'`; for metrics. */
  readonly onHandled?: (outcome: number | 'error') => void;
}

/**
 * One `/api/v0/streamupdate` connection (reference §8.3, Warp 10's IngressStreamUpdateHandler): `TOKEN`,
 * `CLEARTOKEN`, `NOOP`, `ONERROR` and data blocks, each success answered `OK <seq> <VERB>` with a sequence
 * number from 0 per connection (failures take no number).
 *
 * Messages are handled strictly in arrival order (`receive` queues them): a block is answered only once
 * durable, and the next message waits for it, so replies come in the order of the messages.
 *
 * A data block is atomic like an /update request: every line parsed (several tokens allowed through
 * `UPDATE <token>` lines) before one append, all or nothing. Its reply is Warp 10's exactly:
 * `OK <seq> UPDATE <points stored> <elapsed ns>`, with no log position, so a reader who must see the points
 * retries (or polls) its fetch; an `UPDATE` line changes the session's token even when its block then fails,
 * as in Warp 10.
 *
 * Errors: in `message` mode the reply is `ERROR <message>` and the session goes on; in `close` mode
 * (default) the connection is closed with code 400 and the message as reason (cut to 123 bytes).
 */
export class StreamUpdateSession {
  private seq = 0;
  private mode: StreamUpdateErrorMode = 'close';
  private grant: UpdateGrant | undefined;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  /** Log position after the last block stored (not part of the protocol: for in-process callers and tests). */
  lastPosition: LogPosition = {};

  constructor(
    private readonly context: StreamUpdateContext,
    private readonly transport: StreamUpdateTransport,
  ) {}

  /** Queues a message behind the ones received before; resolves once it is answered (never rejects). */
  receive(message: string): Promise<void> {
    const handled = this.queue.then(() => this.handle(message));
    this.queue = handled;
    return handled;
  }

  /** The connection closed: messages still queued are dropped. */
  end(): void {
    this.closed = true;
  }

  private async handle(message: string): Promise<void> {
    if (this.closed) return;
    let reply: string;
    try {
      reply = await this.answer(message);
    } catch (error) {
      this.context.onHandled?.('error');
      if (this.closed) return;
      const text = error instanceof Error ? error.message : String(error);
      if (this.mode === 'message') {
        this.transport.send(`ERROR ${text}`);
      } else {
        this.closed = true;
        this.transport.close(STREAM_UPDATE_CLOSE_CODE, text);
      }
      return;
    }
    if (!this.closed) this.transport.send(reply);
  }

  private async answer(message: string): Promise<string> {
    const disabled = this.context.config.get('warp.update.disabled');
    if (disabled !== undefined) throw new ForbiddenError(disabled);
    const request = parseStreamUpdateRequest(message);
    switch (request.verb) {
      case 'TOKEN':
        this.setToken(request.token);
        return this.ok('TOKEN', 0);
      case 'CLEARTOKEN':
        this.grant = undefined;
        return this.ok('CLEARTOKEN', 0);
      case 'NOOP':
        return this.ok('NOOP', 0);
      case 'ONERROR':
        if (request.mode !== undefined) this.mode = request.mode;
        return this.ok('ONERROR', 0);
      case 'DATA':
        return this.store(message);
    }
  }

  private ok(verb: string, points: number): string {
    this.context.onHandled?.(points);
    return `OK ${this.seq++} ${verb}`;
  }

  /** Warp 10's setToken: any token that does not decode is `Invalid token.`; the session's token changes only on success. */
  private setToken(text: string | undefined): void {
    let token;
    try {
      token = this.context.tokens.write(text);
    } catch (error) {
      throw new ValidationError('Invalid token.', { cause: error });
    }
    this.grant = this.context.update.grant(token);
  }

  private async store(block: string): Promise<string> {
    const started = process.hrtime.bigint();
    const result = await this.context.update.admitted(() => this.parseAndStore(block));
    this.lastPosition = result.position;
    return `${this.ok('UPDATE', result.points)} ${result.points} ${process.hrtime.bigint() - started}`;
  }

  private parseAndStore(block: string): Promise<UpdateResult> {
    const { update, config, clock } = this.context;
    // "now" once per block, as Warp 10 takes it once per message.
    const now = msToUnits(clock.nowMs(), config.get('warp.timeunits'));
    const parserOf = (grant: UpdateGrant) => new InputParser(update.parseOptions(grant, () => now, 0n));
    const groups = update.newGroups();
    const switchToken = (token: string | undefined): InputParser => {
      this.setToken(token);
      return parserOf(this.grant as UpdateGrant);
    };
    readStreamUpdateBlock(block, this.grant === undefined ? undefined : parserOf(this.grant), switchToken, groups);
    return update.store(groups, false);
  }
}
