import { InMemoryLog } from '../../src/infrastructure/log/memory-log.js';
import { testLogContract } from './log.contract.js';

describe('InMemoryLog', () => {
  describe('log contract, events kept as given', () => {
    testLogContract({ open: async ({ partitions }) => new InMemoryLog({ partitions }), encodes: false });
  });
  describe('log contract, events through a codec', () => {
    testLogContract({ open: async ({ partitions, codec }) => new InMemoryLog({ partitions, codec }) });
  });
});
