import { TimeoutError, ValidationError } from '../../../domain/errors.js';
import { ManualProgress } from './egress.fixture.js';
import { awaitPosition, positionOf } from './read-your-writes.js';

describe('awaitPosition (read your writes)', () => {
  it('does not wait without a position', async () => {
    const progress = new ManualProgress();
    await awaitPosition(progress, ['store', 'directory'], undefined, 100);
    await awaitPosition(progress, ['store'], '  ', 100);
    expect(progress.calls).toEqual([]);
  });

  it('waits for every read model with the parsed position and the configured bound', async () => {
    const progress = new ManualProgress();
    await awaitPosition(progress, ['store', 'directory'], 'data:0=12,1=3;metadata:0=5', 250);
    const position = { data: new Map([[0, 12], [1, 3]]), metadata: new Map([[0, 5]]) };
    expect(progress.calls).toEqual([
      { readModel: 'store', position, timeoutMs: 250 },
      { readModel: 'directory', position, timeoutMs: 250 },
    ]);
  });

  it.each<[('store' | 'directory')[], string]>([
    [['store'], "the 'store' read model has not applied"],
    [['store', 'directory'], "the 'store' and 'directory' read models have not applied"],
  ])('answers 504 naming the lagging read models %p and the position', async (lagging, text) => {
    const progress = new ManualProgress();
    for (const m of lagging) progress.applied.delete(m);
    const wait = awaitPosition(progress, ['store', 'directory'], 'data:0=12', 250);
    await expect(wait).rejects.toBeInstanceOf(TimeoutError);
    await expect(wait).rejects.toThrow(`cannot read your writes: ${text} log position 'data:0=12' within 250 ms`);
  });

  it('refuses a malformed position with 400', async () => {
    await expect(awaitPosition(new ManualProgress(), ['directory'], 'data=1', 10)).rejects.toBeInstanceOf(ValidationError);
  });

  it.each([
    ['data:0=1', 'data:0=2', 'data:0=1'],
    [undefined, 'data:0=2', 'data:0=2'],
    ['', 'data:0=2', 'data:0=2'],
    [undefined, undefined, undefined],
  ])('takes the header %p over the parameter %p', (h, p, expected) => {
    expect(positionOf(h, p)).toBe(expected);
  });
});
