import { parseProperties } from './properties.js';

describe('properties', () => {
  it('reads keys, values, comments and continuations with their line numbers', () => {
    const p = parseProperties('# comment\n! other\n\na.b = 1\nc: two words \nd=x\\\n  y\ne\nf = \\u0041\\n');
    expect(p.get('a.b')).toEqual({ value: '1', line: 4 });
    expect(p.get('c')).toEqual({ value: 'two words', line: 5 });
    expect(p.get('d')).toEqual({ value: 'xy', line: 6 });
    expect(p.get('e')).toEqual({ value: '', line: 8 });
    expect(p.get('f')?.value).toBe('A\n');
    expect(p.size).toBe(5);
  });

  it('keeps an escaped trailing backslash', () => {
    expect(parseProperties('k = a\\\\\nz = 1').get('k')?.value).toBe('a\\');
  });
});
