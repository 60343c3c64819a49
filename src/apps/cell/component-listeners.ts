import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../../domain/errors.js';
import type { Config } from '../../config/config.js';
import type { Component } from './components.js';

/** What a listening port serves: HTTP components, or `health` (/api/v0/check and /metrics of the store or plasmaBE). */
export type Served = Component | 'health';

/** One address a process listens on, and the components answering there. */
export interface ComponentListener {
  readonly host: string;
  /** 0 picks a free port (tests); `serve` returns the bound one. */
  readonly port: number;
  readonly serves: ReadonlySet<Served>;
}

/**
 * Where each HTTP component of the process listens (Warp 10: each component its own server): ingress on
 * `ingress.host:ingress.port` (8882), egress on `egress.*` (8881), directory on `directory.host:directory.streaming.port`
 * (8885), plasmaFE on `plasma.frontend.host:plasma.frontend.port` (8884, its /api/v0/plasma WebSocket), and the health
 * checks (with /metrics) of the store on `store.host:store.port` and of plasmaBE on `plasma.backend.host:plasma.backend.port`
 * when set. `port` (the start option --port) replaces every port. Components given the same port share one listener; the same port on two addresses is refused.
 */
export function componentListeners(config: Config, components: ReadonlySet<Component>, port?: number): ComponentListener[] {
  const wanted: { served: Served; host: string; port: number }[] = [];
  if (components.has('ingress')) wanted.push({ served: 'ingress', host: config.get('ingress.host'), port: config.get('ingress.port') });
  if (components.has('egress')) wanted.push({ served: 'egress', host: config.get('egress.host'), port: config.get('egress.port') });
  if (components.has('directory')) wanted.push({ served: 'directory', host: config.get('directory.host'), port: config.get('directory.streaming.port') });
  if (components.has('plasmaFE')) wanted.push({ served: 'plasmaFE', host: config.get('plasma.frontend.host'), port: config.get('plasma.frontend.port') });
  const storePort = config.get('store.port');
  // Components without HTTP of their own answer /api/v0/check and /metrics on store.port / plasma.backend.port (or --port).
  if (components.has('store') && (storePort !== undefined || port !== undefined)) wanted.push({ served: 'health', host: config.get('store.host'), port: storePort ?? 0 });
  const backEndPort = config.get('plasma.backend.port');
  if (components.has('plasmaBE') && (backEndPort !== undefined || port !== undefined)) wanted.push({ served: 'health', host: config.get('plasma.backend.host'), port: backEndPort ?? 0 });
  const byPort = new Map<number, { host: string; serves: Set<Served> }>();
  for (const w of wanted) {
    const p = port ?? w.port;
    const existing = byPort.get(p);
    if (existing === undefined) byPort.set(p, { host: w.host, serves: new Set([w.served]) });
    else if (existing.host !== w.host) throw new ValidationError(`cannot listen: port ${p} is asked on ${existing.host} and on ${w.host}`);
    else existing.serves.add(w.served);
  }
  return [...byPort].map(([p, { host, serves }]) => ({ host, port: p, serves }));
}

/** The component a request path belongs to; undefined for paths every listener answers (/api/v0/check, 404s). */
export function componentOfPath(url: string): Component | undefined {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path === '/api/v0/update' || path.startsWith('/api/v0/update/') || path === '/api/v0/meta' || path === '/api/v0/delete' || path === '/api/v0/streamupdate') return 'ingress';
  if (path === '/api/v0/fetch' || path === '/api/v0/find') return 'egress';
  if (path === '/directory-streaming' || path === '/directory-applied') return 'directory';
  if (path === '/api/v0/plasma') return 'plasmaFE';
  return undefined;
}

/** A listener once bound. */
export interface BoundListener extends ComponentListener {
  readonly boundPort: number;
}

/**
 * Serves the application on every listener: the first through Nest (`app.listen`), the others as extra HTTP
 * servers handing requests to the same Fastify router, so that every component of the process shares one
 * application (one binding per port token, one shutdown). A request for a component that is not served on the
 * port it arrived on answers 404, as a Warp 10 component's own server would. Extra servers close with the app.
 */
export async function serveListeners(app: NestFastifyApplication, listeners: readonly ComponentListener[]): Promise<BoundListener[]> {
  if (listeners.length === 0) return [];
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const servedOn = new Map<number, ReadonlySet<Served>>();
  /** The component owning `url` when it is not served on the port the request arrived on, else undefined. */
  const misrouted = (url: string, localPort: number | undefined): Component | undefined => {
    const owner = componentOfPath(url);
    const serves = servedOn.get(localPort ?? -1);
    return owner !== undefined && serves !== undefined && !serves.has(owner) ? owner : undefined;
  };
  guardUpgrades(fastify.server, (req) => misrouted(req.url ?? '/', req.socket.localPort) === undefined);
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const owner = misrouted(req.url, req.raw.socket.localPort);
    if (owner !== undefined) {
      void reply.code(404).header('content-type', 'text/plain; charset=utf-8').send(`${owner} is not served on this port`);
      return;
    }
    done();
  });
  const extra: Server[] = [];
  fastify.addHook('onClose', async () => {
    await Promise.all(extra.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  });
  const bound: BoundListener[] = [];
  const [first, ...others] = listeners;
  await app.listen(first.port, first.host);
  bound.push({ ...first, boundPort: (fastify.server.address() as AddressInfo).port });
  for (const l of others) {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => fastify.routing(req, res));
    // WebSocket upgrades go to the gateways, which listen on the first server only (Nest's WsAdapter).
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => fastify.server.emit('upgrade', req, socket, head));
    extra.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(l.port, l.host, () => resolve());
    });
    bound.push({ ...l, boundPort: (server.address() as AddressInfo).port });
  }
  for (const b of bound) servedOn.set(b.boundPort, b.serves);
  return bound;
}

/**
 * Puts a check in front of the WebSocket gateways' upgrade listeners (installed by Nest's WsAdapter at init): an
 * upgrade for a component that is not served on the port it arrived on is refused with 404, like a request.
 */
function guardUpgrades(server: Server, allowed: (req: IncomingMessage) => boolean): void {
  const gateways = server.listeners('upgrade') as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!allowed(req)) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    for (const gateway of gateways) gateway.call(server, req, socket, head);
  });
}
