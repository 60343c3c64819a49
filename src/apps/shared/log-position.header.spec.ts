import { formatLogPosition, parseLogPosition } from './log-position.header.js';

describe('log position header', () => {
  it('formats per topic and partition, and parses back', () => {
    const pos = { data: new Map([[3, 40], [0, 12]]), metadata: new Map([[0, 5]]) };
    const text = formatLogPosition(pos);
    expect(text).toBe('data:0=12,3=40;metadata:0=5');
    expect(parseLogPosition(text)).toEqual({ data: new Map([[0, 12], [3, 40]]), metadata: new Map([[0, 5]]) });
    expect(formatLogPosition({ data: new Map() })).toBe('');
    expect(parseLogPosition('')).toEqual({});
  });

  it.each([['nope', /not <topic>/], ['logs:0=1', /unknown topic 'logs'/], ['data:0=x', /'0=x' is not/]])('rejects %j', (text, why) => {
    expect(() => parseLogPosition(text)).toThrow(why);
  });
});
