import { Controller, Get, HttpCode, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { UnavailableError } from '../../../domain/errors.js';
import { ProjectionHealth } from '../worker/projection-health.js';
import { ProjectionRunners } from '../worker/projection-runners.service.js';
import { MetricsRegistry } from './metrics.registry.js';

/**
 * `/api/v0/check`: 200 with an empty body when the server is up (reference §7.2, §13), 503 naming the
 * projection and its error once a projection of this process failed for good (load balancers then take the
 * process out: it would answer reads with a position 504 and apply nothing). At start it also puts the
 * process's projection metrics in the MetricsRegistry (ProjectionHealth).
 */
@Controller('api/v0')
export class CheckController implements OnApplicationBootstrap, OnApplicationShutdown {
  private health = new ProjectionHealth([]);

  constructor(
    private readonly modules: ModuleRef,
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.health = new ProjectionHealth(this.projectionRunners());
    if (this.metrics) this.health.register(this.metrics);
  }

  onApplicationShutdown(): void {
    this.health.close(this.metrics);
  }

  @Get('check')
  @HttpCode(200)
  check(): string {
    const unhealthy = this.health.unhealthy();
    if (unhealthy !== undefined) throw new UnavailableError(unhealthy);
    return '';
  }

  /** Every ProjectionRunners of the process (the store's, the directory's, the standalone worker's), if any. */
  private projectionRunners(): ProjectionRunners[] {
    try {
      return this.modules.get(ProjectionRunners, { strict: false, each: true });
    } catch {
      return [];
    }
  }
}
