import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics.registry.js';

/** One MetricsRegistry per process, injectable everywhere, served at `GET /metrics`. */
@Global()
@Module({ providers: [MetricsRegistry], exports: [MetricsRegistry], controllers: [MetricsController] })
export class MetricsModule {}
