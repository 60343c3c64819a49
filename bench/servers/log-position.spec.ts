import { LogPositionMerger } from './log-position.js';

describe('LogPositionMerger', () => {
  it.each([
    [[], ''],
    [['data:0=12'], 'data:0=12'],
    [['data:0=12,3=40;metadata:0=5', 'data:0=10,1=7;metadata:0=6'], 'data:0=12,1=7,3=40;metadata:0=6'],
    [['metadata:0=1', undefined, '', 'data:2=3'], 'data:2=3;metadata:0=1'],
  ])('merges %j into %s (maximum offset per partition)', (headers, expected) => {
    const merger = new LogPositionMerger();
    for (const h of headers) merger.add(h);
    expect(merger.toString()).toBe(expected);
  });

  it('rejects a value that is not a position', () => {
    expect(() => new LogPositionMerger().add('data')).toThrow('not a log position');
    expect(() => new LogPositionMerger().add('data:x=1')).toThrow('not a log position');
  });
});
