import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TokenService } from '../shared/token.service.js';
import { FetchDatapointsHandler } from './fetch-datapoints.handler.js';
import { FetchController } from './fetch.controller.js';
import { FindSeriesHandler } from './find-series.handler.js';
import { FindController } from './find.controller.js';

/**
 * The egress read endpoints `/api/v0/fetch` and `/api/v0/find`. Ports come through the DI tokens (CONFIG, CLOCK,
 * TOKEN_CODEC, DATAPOINT_STORE, SERIES_FINDER, PROJECTION_PROGRESS), which the importing composition root provides
 * globally.
 */
@Module({
  imports: [CqrsModule],
  controllers: [FetchController, FindController],
  providers: [TokenService, FetchDatapointsHandler, FindSeriesHandler],
})
export class EgressModule {}
