import type { Checkpoint } from '../../../domain/ports/checkpoint.js';
import { openInMemoryStore } from '../../infrastructure/store/memory/in-memory-store.js';
import { CellProgress, storedCheckpointWait, type PositionWait } from './cell-progress.js';

describe('CellProgress (read your writes in a distributed process)', () => {
  it('waits on each read model for its own topic, at once when the position has none', async () => {
    const calls: [string, Checkpoint, number][] = [];
    const wait = (name: string, answer: boolean): PositionWait => async (position, timeoutMs) => {
      calls.push([name, position, timeoutMs]);
      return answer;
    };
    const progress = new CellProgress({ store: wait('store', true), directory: wait('directory', false) });
    const position = { data: new Map([[1, 5]]), metadata: new Map([[0, 2]]) };
    expect(await progress.waitFor('store', position, 10)).toBe(true);
    expect(await progress.waitFor('directory', position, 20)).toBe(false);
    expect(await progress.waitFor('directory', { data: new Map([[0, 1]]) }, 30)).toBe(true);
    expect(calls).toEqual([['store', new Map([[1, 5]]), 10], ['directory', new Map([[0, 2]]), 20]]);
  });
});

describe('storedCheckpointWait', () => {
  it('resolves true once the stored checkpoint covers the position', async () => {
    const { checkpoints } = openInMemoryStore();
    const wait = storedCheckpointWait(checkpoints, 'store', 5);
    const waiting = wait(new Map([[0, 3]]), 5000);
    await checkpoints.store({ projection: 'store', checkpoint: new Map([[0, 2]]) });
    await checkpoints.store({ projection: 'store', checkpoint: new Map([[0, 3], [1, 1]]) });
    expect(await waiting).toBe(true);
  });

  it('resolves false when the timeout passes first, and true at once when already covered', async () => {
    const { checkpoints } = openInMemoryStore();
    await checkpoints.store({ projection: 'store', checkpoint: new Map([[0, 3]]) });
    const wait = storedCheckpointWait(checkpoints, 'store', 5);
    expect(await wait(new Map([[0, 4]]), 30)).toBe(false);
    expect(await wait(new Map([[0, 3]]), 0)).toBe(true);
    expect(await storedCheckpointWait(checkpoints, 'other', 5)(new Map([[0, 1]]), 0)).toBe(false);
  });
});
