import { Logger, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ValidationError } from '../../../domain/errors.js';
import { FakeProjection, outgoing, stored } from '../../../projections/runner.fixture.js';
import { ProjectionRunner } from '../../../projections/runner.js';
import { InMemoryLog } from '../../infrastructure/log/memory-log.js';
import { CheckController } from '../shared/check.controller.js';
import { createHttpApp } from '../shared/http-server.js';
import { MetricsModule } from '../shared/metrics.module.js';
import { ProjectionRunners } from './projection-runners.service.js';

const error = new ValidationError('cannot apply: bad point');

/** A process module whose projections are `healthy` and, if `broken`, one that fails on every batch. */
async function processWith(broken: boolean): Promise<NestFastifyApplication> {
  const log = new InMemoryLog();
  for (let i = 0; i < 10; i++) await log.append([outgoing(stored(1, i))]);
  const runnerOf = (fails: boolean) => {
    const projection = new FakeProjection({ applied: [] });
    if (fails) projection.failWith = () => error;
    return new ProjectionRunner(projection, log.source('data'), { maxWaitMs: 1, restart: { retries: 1, initialMs: 1, maxMs: 1 } });
  };
  // Two modules, each with its ProjectionRunners, as the store and directory components of one cell process
  @Module({ providers: [{ provide: ProjectionRunners, useFactory: () => new ProjectionRunners([{ name: 'healthy', runner: runnerOf(false) }]) }] })
  class StoreLike {}
  @Module({ providers: [{ provide: ProjectionRunners, useFactory: () => new ProjectionRunners(broken ? [{ name: 'broken', runner: runnerOf(true) }] : []) }] })
  class DirectoryLike {}
  @Module({ imports: [MetricsModule, StoreLike, DirectoryLike], controllers: [CheckController] })
  class ProcessModule {}
  const app = await createHttpApp(ProcessModule, { maxBodyBytes: 1000, corsHeaders: [], logger: false });
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const get = async (app: NestFastifyApplication, url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

describe('projection supervision in a process', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers /api/v0/check with 200 while every projection is healthy', async () => {
    const app = await processWith(false);
    expect(await get(app, '/api/v0/check')).toMatchObject({ statusCode: 200, body: '' });
    expect((await get(app, '/metrics')).body).toContain('continuum_projection_status{projection="healthy",state="running"} 1');
    await app.close();
  });

  it('once a projection failed for good: 503 naming it and its error, logged once, and the figures in /metrics', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    // Given a process whose `broken` projection fails on every batch, restarts once, then gives up
    const app = await processWith(true);
    // When it is checked
    let check = await get(app, '/api/v0/check');
    for (let i = 0; i < 500 && check.statusCode === 200; i++) {
      await new Promise((r) => setTimeout(r, 10));
      check = await get(app, '/api/v0/check');
    }
    // Then the check fails, naming the projection and its error, and the failure was logged once
    expect(check.statusCode).toBe(503);
    expect(check.body).toBe('projection broken failed after 1 restart(s): ValidationError: cannot apply: bad point');
    expect(errors.mock.calls.filter(([m]) => String(m).includes('broken projection FAILED for good'))).toHaveLength(1);
    // And /metrics shows the state, the restart, the lag of the failed projection and the records applied
    const metrics = (await get(app, '/metrics')).body;
    expect(metrics).toContain('continuum_projection_status{projection="broken",state="failed"} 1');
    expect(metrics).toContain('continuum_projection_status{projection="healthy",state="running"} 1');
    expect(metrics).toContain('continuum_projection_restarts_total{projection="broken"} 1');
    expect(metrics).toContain('continuum_projection_restarts_total{projection="healthy"} 0');
    expect(metrics).toContain('continuum_projection_applied_records_total{projection="broken"} 0');
    expect(metrics).toContain('continuum_projection_lag_records{projection="broken",partition="0"} 10');
    expect(metrics).toContain('continuum_projection_poison_skipped_total{projection="healthy"} 0');
    expect(metrics).toContain('continuum_projection_retries_total{projection="broken"} 0');
    await app.close();
  });
});
