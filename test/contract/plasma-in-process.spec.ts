import { InProcessPlasmaBus } from '../../src/infrastructure/plasma/in-process-plasma-bus.js';
import { InProcessSubscriptions } from '../../src/infrastructure/plasma/in-process-subscriptions.js';
import { testPlasmaChannelContract } from './plasma-channel.contract.js';
import { testPlasmaRoutingContract } from './plasma-routing.contract.js';

describe('in-process plasma adapters (standalone cell)', () => {
  describe('routing contract', () => {
    testPlasmaRoutingContract({
      sessions: false,
      integrity: false,
      cell: () => {
        const subscriptions = new InProcessSubscriptions();
        const routes = subscriptions.routes();
        return Promise.resolve({
          frontEnd: (name: string) => Promise.resolve(subscriptions.publisher(name)),
          backEnd: () => Promise.resolve(routes),
          // In one process a front end only goes away by withdrawing its set.
          crash: (publisher) => publisher.close(),
          close: () => routes.close(),
        });
      },
    });
  });

  describe('channel contract', () => {
    testPlasmaChannelContract({
      integrity: false,
      order: 'all',
      cell: () => {
        const bus = new InProcessPlasmaBus();
        return Promise.resolve({ outbox: () => Promise.resolve(bus), inbox: (name: string) => Promise.resolve(bus.inbox(name)), close: () => bus.close() });
      },
    });
  });
});
