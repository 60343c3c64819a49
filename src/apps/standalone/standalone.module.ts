import { Module, type DynamicModule } from '@nestjs/common';
import type { Config } from '../../config/config.js';
import { InfrastructureModule } from '../../infrastructure/infrastructure.module.js';
import { EgressModule } from '../egress/egress.module.js';
import { IngressModule } from '../ingress/ingress.module.js';
import { PlasmaBackEndModule } from '../plasma/plasma-backend.module.js';
import { PlasmaFrontEndModule } from '../plasma/plasma-frontend.module.js';
import { PlasmaInProcessModule } from '../plasma/plasma-in-process.module.js';
import { CheckController } from '../shared/check.controller.js';
import { MetricsModule } from '../shared/metrics.module.js';
import { WorkerModule } from '../worker/worker.module.js';

/**
 * The standalone cell: every component in one process, on one port, over the embedded log and store.
 * Same handlers as the distributed cell; only the adapters bound by InfrastructureModule differ
 * (`memory` adapters serve handler tests).
 */
@Module({})
export class StandaloneModule {
  static forRoot(config: Config, adapters: 'embedded' | 'memory' = 'embedded'): DynamicModule {
    const infrastructure = adapters === 'embedded' ? InfrastructureModule.standalone(config) : InfrastructureModule.inMemory(config);
    return {
      module: StandaloneModule,
      imports: [
        infrastructure,
        MetricsModule,
        WorkerModule,
        IngressModule,
        EgressModule,
        // Plasma: front end and back end in this process, joined by the in-process map and bus; subscriptions are
        // published at once (no subscribe.delay) and the back end reads the data log only while subscribed.
        PlasmaInProcessModule,
        PlasmaFrontEndModule.forRoot(config, { publishDelayMs: 0 }),
        PlasmaBackEndModule.forRoot(),
      ],
      controllers: [CheckController],
    };
  }
}
