import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TokenService } from '../shared/token.service.js';
import { DeleteController } from './delete.controller.js';
import { DeleteHandler } from './delete.handler.js';
import { KnownSeriesCache } from './known-series.cache.js';
import { MetaController } from './meta.controller.js';
import { MetaHandler } from './meta.handler.js';
import { SeriesCaches } from './series-caches.js';
import { StreamUpdateGateway } from './stream-update.gateway.js';
import { UpdateController } from './update.controller.js';
import { UpdateHandler } from './update.handler.js';

/**
 * Ingress (Warp 10's Ingress, reference §1, §5, §8.3): validates writes (/update, /streamupdate, /meta, /delete)
 * and appends them to the command log.
 * Needs the CommandLog, SeriesIdentity, TokenCodec and, for /delete, the SeriesFinder and ProjectionProgress, through DI tokens.
 */
@Module({
  imports: [CqrsModule],
  controllers: [UpdateController, MetaController, DeleteController],
  providers: [UpdateHandler, StreamUpdateGateway, MetaHandler, DeleteHandler, TokenService, SeriesCaches, { provide: KnownSeriesCache, useFactory: () => new KnownSeriesCache() }],
  exports: [KnownSeriesCache],
})
export class IngressModule {}
