import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';

/** The one event every WebSocket message of Continuum's gateways arrives as (`@SubscribeMessage(WS_TEXT)`). */
export const WS_TEXT = 'text';

/**
 * The WebSocket adapter of every Continuum server: Nest's raw `ws` adapter (not socket.io: Warp 10 clients speak
 * plain WebSocket), each gateway on its own path of the HTTP server. Warp 10's WebSocket protocols (plasma,
 * streamupdate) are lines of text, not JSON events, so every message reaches the gateway's `WS_TEXT` handler
 * as a string, whatever it holds; the gateway parses its own verbs.
 */
export function textWsAdapter(app: INestApplicationContext): WsAdapter {
  return new WsAdapter(app, { messageParser: (data) => ({ event: WS_TEXT, data: Buffer.isBuffer(data) ? data.toString('utf8') : String(data) }) });
}
