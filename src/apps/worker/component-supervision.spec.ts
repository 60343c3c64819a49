import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../../domain/errors.js';
import type { LogSource } from '../../../domain/ports/log-source.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import { Config } from '../../config/config.js';
import { loadConfig } from '../../config/config.loader.js';
import { CONFIG, DATA_LOG_SOURCE, PLASMA_OUTBOX, SUBSCRIPTION_ROUTES } from '../../infrastructure/tokens.js';
import { INGRESS_CACHE_FEED, type ConsumerFeed } from '../cell/cell-tokens.js';
import { IngressCacheModule } from '../ingress/ingress-cache.module.js';
import { PlasmaBackEndModule } from '../plasma/plasma-backend.module.js';
import { CheckController } from '../shared/check.controller.js';
import { createHttpApp } from '../shared/http-server.js';
import { MetricsModule } from '../shared/metrics.module.js';
import { StandaloneModule } from '../standalone/standalone.module.js';

const FAST = { runner: { restart: { retries: 1, initialMs: 1, maxMs: 1 } } };

/** A source of `topic` that cannot even tell its end (a broken log: every start of its runner fails). */
function brokenSource<T extends TopicName>(topic: T, healthy: boolean): LogSource<T> {
  return {
    topic,
    read: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }) }),
    end: () => (healthy ? Promise.resolve(new Map([[0, 0]])) : Promise.reject(new ValidationError(`${topic} log is broken`))),
    close: () => Promise.resolve(),
  };
}

/** A distributed plasma back end process (no activity: it reads at once), on a broken or healthy data log. */
function plasmaProcess(healthy: boolean): { module: DynamicModule; close: () => void } {
  @Global()
  @Module({
    providers: [
      { provide: CONFIG, useValue: new Config(new Map(), '/nonexistent') },
      { provide: DATA_LOG_SOURCE, useValue: brokenSource('data', healthy) },
      { provide: SUBSCRIPTION_ROUTES, useValue: { frontEndsOf: () => [] } },
      { provide: PLASMA_OUTBOX, useValue: { deliver: () => Promise.resolve(), close: () => Promise.resolve() } },
    ],
    exports: [CONFIG, DATA_LOG_SOURCE, SUBSCRIPTION_ROUTES, PLASMA_OUTBOX],
  })
  class Adapters {}
  @Module({ imports: [Adapters, MetricsModule, PlasmaBackEndModule.forRoot(FAST)], controllers: [CheckController] })
  class PlasmaProcess {}
  return { module: { module: PlasmaProcess }, close: () => undefined };
}

/** A process with ingress and its known-series cache (the rest of a standalone cell in memory), its metadata feed broken or healthy. */
function ingressProcess(healthy: boolean): { module: DynamicModule; close: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'continuum-supervision-'));
  const { config } = loadConfig({ dataDir, env: {} });
  const feed: ConsumerFeed<'metadata'> = { source: { ...brokenSource('metadata', healthy), trackApplied: () => undefined }, deadLetters: { put: () => Promise.resolve() } as never, commitPeriodMs: 1000 };
  @Global()
  @Module({ providers: [{ provide: INGRESS_CACHE_FEED, useValue: feed }], exports: [INGRESS_CACHE_FEED] })
  class Feed {}
  @Module({ imports: [StandaloneModule.forRoot(config, 'memory'), Feed, IngressCacheModule.forRoot(FAST)] })
  class IngressProcess {}
  return { module: { module: IngressProcess }, close: () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function serve(module: DynamicModule): Promise<NestFastifyApplication> {
  const app = await createHttpApp(module, { maxBodyBytes: 1000, corsHeaders: [], logger: false });
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const get = async (app: NestFastifyApplication, url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

describe('supervision of the ingress cache and plasma back end runners', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['plasma', plasmaProcess, 'data'],
    ['ingress-cache', ingressProcess, 'metadata'],
  ])('a %s projection that failed for good turns /api/v0/check to 503 naming it and shows in /metrics', async (name, processOf, topic) => {
    // Given a process whose %s runner cannot read its log, restarts once, then gives up
    const { module, close } = processOf(false);
    const app = await serve(module);
    try {
      // When it is checked until the check fails (bounded)
      let check = await get(app, '/api/v0/check');
      for (let i = 0; i < 500 && check.statusCode === 200; i++) {
        await new Promise((r) => setTimeout(r, 10));
        check = await get(app, '/api/v0/check');
      }
      // Then the check names the projection and its error, and /metrics shows its state and restart
      expect(check.statusCode).toBe(503);
      expect(check.body).toContain(`projection ${name} failed after 1 restart(s): ValidationError: ${topic} log is broken`);
      const metrics = (await get(app, '/metrics')).body;
      expect(metrics).toContain(`continuum_projection_status{projection="${name}",state="failed"} 1`);
      expect(metrics).toContain(`continuum_projection_restarts_total{projection="${name}"} 1`);
    } finally {
      await app.close();
      close();
    }
  });

  it.each([
    ['plasma', plasmaProcess],
    ['ingress-cache', ingressProcess],
  ])('a healthy %s projection runs, listed in /metrics, and the check answers 200', async (name, processOf) => {
    const { module, close } = processOf(true);
    const app = await serve(module);
    try {
      let metrics = (await get(app, '/metrics')).body;
      for (let i = 0; i < 500 && !metrics.includes(`continuum_projection_status{projection="${name}",state="running"} 1`); i++) {
        await new Promise((r) => setTimeout(r, 10));
        metrics = (await get(app, '/metrics')).body;
      }
      expect(metrics).toContain(`continuum_projection_status{projection="${name}",state="running"} 1`);
      expect(await get(app, '/api/v0/check')).toMatchObject({ statusCode: 200, body: '' });
    } finally {
      await app.close();
      close();
    }
  });
});
