import type { ServiceDiscovery } from '../../domain/ports/service-discovery.js';
import { InMemoryCoordination, InMemoryServiceDiscovery } from '../../src/infrastructure/coordination/in-memory-discovery.js';
import { testServiceDiscoveryContract, type DiscoveryCell } from './service-discovery.contract.js';

function memoryOf(member: ServiceDiscovery): InMemoryServiceDiscovery {
  if (!(member instanceof InMemoryServiceDiscovery)) throw new Error('not an in-memory member');
  return member;
}

describe('InMemoryServiceDiscovery', () => {
  testServiceDiscoveryContract({
    cell: async (): Promise<DiscoveryCell> => {
      const coordination = new InMemoryCoordination();
      const members: ServiceDiscovery[] = [];
      return {
        join: async () => {
          const m = coordination.open();
          members.push(m);
          return m;
        },
        crash: async (m) => memoryOf(m).crash(),
        expire: (m) => memoryOf(m).expireSession(),
        close: async () => {
          await Promise.all(members.map((m) => m.close()));
        },
      };
    },
  });
});
