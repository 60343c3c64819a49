import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { InvariantViolation } from '../../../domain/errors.js';
import type { CheckpointStore } from '../../../domain/ports/checkpoint-store.js';
import type { ProjectionRunner } from '../../../projections/runner.js';
import type { Config } from '../../config/config.js';
import { CHECKPOINT_STORE, PROJECTION_PROGRESS } from '../../infrastructure/tokens.js';
import { DirectoryComponentModule } from '../directory/directory.module.js';
import { EgressModule } from '../egress/egress.module.js';
import { IngressCacheModule } from '../ingress/ingress-cache.module.js';
import { IngressModule } from '../ingress/ingress.module.js';
import { CheckController } from '../shared/check.controller.js';
import { PlasmaBackEndModule } from '../plasma/plasma-backend.module.js';
import { PlasmaFrontEndModule } from '../plasma/plasma-frontend.module.js';
import { MetricsModule } from '../shared/metrics.module.js';
import { StandaloneModule } from '../standalone/standalone.module.js';
import { StoreComponentModule } from '../store/store.module.js';
import { CellAdaptersModule } from './cell-adapters.module.js';
import { CellProgress, storedCheckpointWait, type PositionWait } from './cell-progress.js';
import { REMOTE_DIRECTORY, STORE_RUNNER, type DirectoryWaits } from './cell-tokens.js';
import type { Component, ComponentSet } from './components.js';

/**
 * Read your writes for the ingress and egress of a distributed process (CellProgress): the store through its runner
 * when it runs here, else through its stored checkpoint; the directories through the cell's instances.
 */
@Global()
@Module({})
class CellProgressModule {
  static forComponents(components: ReadonlySet<Component>): DynamicModule {
    const localStore = components.has('store');
    const provider: Provider = localStore
      ? {
          provide: PROJECTION_PROGRESS,
          useFactory: (directories: DirectoryWaits, runner: ProjectionRunner<'data'>) =>
            new CellProgress({ store: (p, t) => runner.waitFor(p, t), directory: (p, t) => directories.waitApplied(p, t) }),
          inject: [REMOTE_DIRECTORY, STORE_RUNNER],
        }
      : {
          provide: PROJECTION_PROGRESS,
          useFactory: (directories: DirectoryWaits, checkpoints?: CheckpointStore) =>
            new CellProgress({ store: checkpoints ? storedCheckpointWait(checkpoints, 'store') : noStore, directory: (p, t) => directories.waitApplied(p, t) }),
          inject: [REMOTE_DIRECTORY, { token: CHECKPOINT_STORE, optional: true }],
        };
    return { module: CellProgressModule, imports: localStore ? [StoreComponentModule] : [], providers: [provider], exports: [PROJECTION_PROGRESS] };
  }
}

const noStore: PositionWait = () => Promise.reject(new InvariantViolation('BUG: this process reads no store, it cannot wait on one'));

/**
 * The composition root of a process (issue 4, point 1): `standalone` is StandaloneModule (every component,
 * embedded adapters); any set of `ingress`, `egress`, `directory`, `store`, `plasmaFE`, `plasmaBE` gets the distributed adapters
 * (CellAdaptersModule: each port token bound once) and the same handlers as standalone — IngressModule and
 * EgressModule unchanged — plus the component modules that run projections (store, directory, the ingress cache,
 * the plasma back end) and the plasma front end's gateway.
 */
@Module({})
export class CellModule {
  static forComponents(config: Config, set: ComponentSet): DynamicModule {
    if (set.kind === 'standalone') return StandaloneModule.forRoot(config);
    const has = (c: Component) => set.components.has(c);
    const imports: DynamicModule['imports'] = [CellAdaptersModule.forComponents(config, set.components), MetricsModule];
    if (has('store')) imports.push(StoreComponentModule);
    if (has('directory')) imports.push(DirectoryComponentModule);
    if (has('ingress') || has('egress')) imports.push(CellProgressModule.forComponents(set.components));
    if (has('ingress')) imports.push(IngressModule, IngressCacheModule.forRoot());
    if (has('egress')) imports.push(EgressModule);
    // Plasma: the front end publishes its set every plasma.frontend.subscribe.delay ms (Warp 10's pace).
    if (has('plasmaFE')) imports.push(PlasmaFrontEndModule.forRoot(config));
    if (has('plasmaBE')) imports.push(PlasmaBackEndModule.forRoot());
    return { module: CellModule, imports, controllers: [CheckController] };
  }
}
