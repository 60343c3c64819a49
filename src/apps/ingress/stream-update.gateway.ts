import type { IncomingMessage } from 'node:http';
import { Inject, Optional } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Clock } from '../../../domain/ports/clock.js';
import type { Config } from '../../config/config.js';
import { CLOCK, CONFIG } from '../../infrastructure/tokens.js';
import { MetricsRegistry } from '../shared/metrics.registry.js';
import { TokenService } from '../shared/token.service.js';
import { WS_TEXT } from '../shared/text-ws-adapter.js';
import { closeWebSocket } from '../shared/ws-close.js';
import { StreamUpdateSession, type StreamUpdateContext } from './stream-update.session.js';
import { UpdateHandler } from './update.handler.js';

/** The WebSocket ingestion endpoint of ingress (reference §8.3, §13). */
export const STREAM_UPDATE_PATH = '/api/v0/streamupdate';

/**
 * `/api/v0/streamupdate`: one StreamUpdateSession per connection, fed the connection's text messages in order.
 *
 * `warp.streamupdate.disable=true` refuses the upgrade with 404, as Warp 10 does (its ingress then has no
 * handler for the path). Messages larger than `ingress.websocket.maxmessagesize` bytes close the connection
 * with 1009, as Jetty does. Counts sessions, messages, stored datapoints and errors in the metrics
 * (`continuum_streamupdate_*`).
 */
@WebSocketGateway({ path: STREAM_UPDATE_PATH })
export class StreamUpdateGateway implements OnGatewayInit<WebSocketServer>, OnGatewayConnection<WebSocket>, OnGatewayDisconnect<WebSocket> {
  private readonly sessions = new Map<WebSocket, StreamUpdateSession>();
  private readonly counts = { messages: 0, datapoints: 0, errors: 0 };
  private readonly context: StreamUpdateContext;

  constructor(
    update: UpdateHandler,
    tokens: TokenService,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) clock: Clock,
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {
    this.context = {
      update,
      tokens,
      config,
      clock,
      onHandled: (outcome) => {
        this.counts.messages++;
        if (outcome === 'error') this.counts.errors++;
        else this.counts.datapoints += outcome;
      },
    };
  }

  afterInit(server: WebSocketServer): void {
    // The ws server reads its options at each upgrade: set here, where the configuration is known.
    server.options.maxPayload = this.config.get('ingress.websocket.maxmessagesize');
    if (this.config.get('warp.streamupdate.disable')) server.options.verifyClient = (_info, done) => done(false, 404);
    this.registerMetrics();
  }

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const session = new StreamUpdateSession(this.context, {
      send: (text) => {
        if (socket.readyState === socket.OPEN) socket.send(text);
      },
      close: (code, reason) => closeWebSocket(request.socket, code, reason),
    });
    this.sessions.set(socket, session);
  }

  handleDisconnect(socket: WebSocket): void {
    this.sessions.get(socket)?.end();
    this.sessions.delete(socket);
  }

  /** Every message; the session serializes them (Nest's adapter would handle them concurrently). */
  @SubscribeMessage(WS_TEXT)
  onMessage(@MessageBody() text: string, @ConnectedSocket() socket: WebSocket): void {
    void this.sessions.get(socket)?.receive(text);
  }

  private registerMetrics(): void {
    const metrics = this.metrics;
    if (metrics === undefined) return;
    metrics.register({ name: 'continuum_streamupdate_sessions', help: 'Open /api/v0/streamupdate connections.', type: 'gauge', collect: () => this.sessions.size });
    metrics.register({ name: 'continuum_streamupdate_messages_total', help: 'Messages handled on /api/v0/streamupdate (verbs and data blocks).', type: 'counter', collect: () => this.counts.messages });
    metrics.register({ name: 'continuum_streamupdate_datapoints_total', help: 'Datapoints stored through /api/v0/streamupdate.', type: 'counter', collect: () => this.counts.datapoints });
    metrics.register({ name: 'continuum_streamupdate_errors_total', help: 'Messages of /api/v0/streamupdate that failed (answered ERROR or closing the connection).', type: 'counter', collect: () => this.counts.errors });
  }
}
