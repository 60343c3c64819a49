import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { HttpErrorFilter } from './http-error.filter.js';
import { textWsAdapter } from './text-ws-adapter.js';

export interface HttpServerOptions {
  /** Largest accepted body in bytes; larger gets 413. */
  readonly maxBodyBytes: number;
  /** Extra headers allowed by CORS preflight (cors.headers). */
  readonly corsHeaders: readonly string[];
  readonly logger?: false | ('log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal')[];
}

const CORS_HEADERS = ['X-Warp10-Token', 'X-Warp10-Now', 'X-Warp10-Timeshift', 'X-Warp10-Attributes', 'X-Continuum-Log-Position', 'Content-Type'];

/**
 * Creates the Nest application on Fastify: every body arrives as a raw Buffer (handlers decode text, gzip and
 * forms themselves, so that size limits and errors are theirs), CORS as Warp 10 answers it (reference §13),
 * errors mapped by HttpErrorFilter, and WebSocket gateways on the same server (textWsAdapter). The returned application is initialised; call listen() to serve.
 */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpServerOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: options.maxBodyBytes, routerOptions: { maxParamLength: 8192 } });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn', 'log'],
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  installCors(fastify, [...CORS_HEADERS, ...options.corsHeaders]);
  app.useGlobalFilters(new HttpErrorFilter({ maxBodyBytes: options.maxBodyBytes }));
  app.useWebSocketAdapter(textWsAdapter(app));
  // Errors Fastify raises before a handler runs (body too large, bad content length…) reach the same filter through
  // the error handler Nest installs: replacing that handler made Fastify warn (FSTWRN004) at every start.
  await app.init();
  return app;
}

function installCors(fastify: FastifyInstance, headers: readonly string[]): void {
  const allowHeaders = headers.join(',');
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      void reply
        .header('Access-Control-Allow-Methods', 'OPTIONS,POST,GET')
        .header('Access-Control-Allow-Headers', allowHeaders)
        .header('Access-Control-Max-Age', String(30 * 24 * 3600))
        .code(200)
        .send('');
      return;
    }
    done();
  });
}

export type { INestApplicationContext };
