import type { LogRecord } from '../domain/ports/log-source.js';
import { commitAfter } from './checkpoint-after.js';
import { outgoing, stored } from './runner.fixture.js';

const at = (partition: number, offset: number): LogRecord<'data'> => ({ ...outgoing(stored(1, offset)), partition, offset, appendedAt: 0 }) as LogRecord<'data'>;

describe('commitAfter', () => {
  it.each<[string, LogRecord<'data'>[], [number, number][], number[]]>([
    ['no records: the same checkpoint, no partition advanced', [], [[0, 3], [1, 5]], []],
    ['records of one partition', [at(1, 5), at(1, 6)], [[0, 3], [1, 7]], [1]],
    ['records of a partition never read before', [at(2, 0)], [[0, 3], [1, 5], [2, 1]], [2]],
    ['records of several partitions, each named once in order of appearance', [at(1, 5), at(0, 3), at(1, 6)], [[0, 4], [1, 7]], [1, 0]],
  ])('%s', (_name, records, checkpoint, partitions) => {
    const commit = commitAfter('store', new Map([[0, 3], [1, 5]]), records);
    expect(commit).toEqual({ projection: 'store', checkpoint: new Map(checkpoint), partitions });
  });
});
