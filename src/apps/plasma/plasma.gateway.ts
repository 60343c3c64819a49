import { Inject, Logger, type OnModuleDestroy, type OnModuleInit, type Type } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect } from '@nestjs/websockets';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Config } from '../../config/config.js';
import { CONFIG } from '../../infrastructure/tokens.js';
import { WS_TEXT } from '../shared/text-ws-adapter.js';
import { PlasmaCommands } from './plasma-commands.js';
import { PlasmaHub } from './plasma-hub.js';
import { PlasmaSession } from './plasma-session.js';

/** The plasma endpoint (reference §8.1). */
export const PLASMA_PATH = '/api/v0/plasma';

/**
 * The `/api/v0/plasma` WebSocket endpoint: one PlasmaSession per connection, every message run in order through
 * PlasmaCommands. Sessions idle (nothing received nor sent) for `plasma.frontend.idle.timout` ms are closed with
 * 1001 `Idle Timeout` (Jetty's idle close); incoming messages above `plasma.frontend.websocket.maxmessagesize`
 * close with 1009 (the `ws` server's maxPayload, as Jetty's policy does).
 *
 * Use plasmaGateway() to get the class: the server options depend on the configuration.
 */
export class PlasmaGateway implements OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('plasma');
  private readonly sessions = new Map<WebSocket, PlasmaSession>();
  private readonly idleMs: number;
  private readonly limits: { maxSubscriptions: number; queueMaxBytes: number };
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CONFIG) config: Config,
    @Inject(PlasmaHub) private readonly hub: PlasmaHub,
    @Inject(PlasmaCommands) private readonly commands: PlasmaCommands,
  ) {
    this.idleMs = config.get('plasma.frontend.idle.timout');
    this.limits = { maxSubscriptions: config.get('warp.plasma.maxsubs'), queueMaxBytes: config.get('plasma.frontend.session.queue.maxbytes') };
  }

  onModuleInit(): void {
    if (this.idleMs <= 0) return;
    this.sweeper = setInterval(() => this.closeIdle(), Math.max(50, Math.min(10_000, Math.floor(this.idleMs / 4))));
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
  }

  handleConnection(client: WebSocket, request: IncomingMessage): void {
    const session = new PlasmaSession(randomUUID(), client, request.socket, this.limits);
    this.sessions.set(client, session);
    this.hub.add(session);
  }

  handleDisconnect(client: WebSocket): void {
    const session = this.sessions.get(client);
    if (session === undefined) return;
    this.sessions.delete(client);
    void session.run(() => this.hub.remove(session)).catch((error: unknown) => this.logger.warn(`plasma session ${session.id}: ${(error as Error).message}`));
  }

  @SubscribeMessage(WS_TEXT)
  onMessage(@MessageBody() text: string, @ConnectedSocket() client: WebSocket): void {
    const session = this.sessions.get(client);
    if (session === undefined) return;
    session.lastActivity = Date.now();
    session.run(() => this.commands.execute(session, text)).catch((error: unknown) => {
      this.logger.warn(`plasma session ${session.id}: ${(error as Error).message}`);
      session.fail((error as Error).message);
    });
  }

  private closeIdle(): void {
    const limit = Date.now() - this.idleMs;
    for (const session of this.sessions.values()) if (session.lastActivity < limit) session.close(1001, 'Idle Timeout');
  }
}

/**
 * The gateway class for this configuration: maxPayload from `plasma.frontend.websocket.maxmessagesize`, and with
 * `warp.plasma.disable=true` every upgrade answered HTTP 404 (Warp 10 then installs no plasma handler, so its
 * server answers 404 on the path).
 */
export function plasmaGateway(config: Config): Type<PlasmaGateway> {
  const disabled = config.get('warp.plasma.disable');
  const refuse = (_info: unknown, done: (ok: boolean, code?: number, message?: string) => void): void => done(false, 404, 'Not Found');
  @WebSocketGateway({ path: PLASMA_PATH, maxPayload: config.get('plasma.frontend.websocket.maxmessagesize'), ...(disabled ? { verifyClient: refuse } : {}) })
  class ConfiguredPlasmaGateway extends PlasmaGateway {}
  return ConfiguredPlasmaGateway;
}
