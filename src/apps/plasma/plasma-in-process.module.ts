import { Global, Module } from '@nestjs/common';
import { InProcessPlasmaBus } from '../../infrastructure/plasma/in-process-plasma-bus.js';
import { InProcessSubscriptions } from '../../infrastructure/plasma/in-process-subscriptions.js';
import { PLASMA_ACTIVITY, PLASMA_INBOX, PLASMA_OUTBOX, SUBSCRIPTION_PUBLISHER, SUBSCRIPTION_ROUTES } from '../../infrastructure/tokens.js';

/** The channel name of the standalone cell's only plasma front end. */
export const STANDALONE_FRONT_END = 'standalone';

const SUBSCRIPTIONS = Symbol('InProcessSubscriptions');
const BUS = Symbol('InProcessPlasmaBus');

/**
 * Binds the plasma ports to in-process adapters (standalone cell): one front end named `standalone`, the
 * subscription map shared by its publisher and the back end's routes (which also serves as PLASMA_ACTIVITY), and
 * the bus carrying chunks from the back end to it.
 */
@Global()
@Module({
  providers: [
    { provide: SUBSCRIPTIONS, useFactory: () => new InProcessSubscriptions() },
    { provide: BUS, useFactory: () => new InProcessPlasmaBus() },
    { provide: SUBSCRIPTION_PUBLISHER, useFactory: (s: InProcessSubscriptions) => s.publisher(STANDALONE_FRONT_END), inject: [SUBSCRIPTIONS] },
    { provide: SUBSCRIPTION_ROUTES, useFactory: (s: InProcessSubscriptions) => s.routes(), inject: [SUBSCRIPTIONS] },
    { provide: PLASMA_ACTIVITY, useExisting: SUBSCRIPTIONS },
    { provide: PLASMA_OUTBOX, useExisting: BUS },
    { provide: PLASMA_INBOX, useFactory: (b: InProcessPlasmaBus) => b.inbox(STANDALONE_FRONT_END), inject: [BUS] },
  ],
  exports: [SUBSCRIPTION_PUBLISHER, SUBSCRIPTION_ROUTES, PLASMA_ACTIVITY, PLASMA_OUTBOX, PLASMA_INBOX],
})
export class PlasmaInProcessModule {}
