import { countLines, query } from './http.js';

describe('countLines', () => {
  it.each([
    ['', 0],
    ['a\n', 1],
    ['a\nb\n', 2],
    ['a\nb', 2],
    ['a\n\nb\n', 2],
    ['\n', 0],
  ])('counts %j as %d lines', (text, expected) => {
    expect(countLines(Buffer.from(text))).toBe(expected);
  });
});

it('query percent-encodes values', () => {
  expect(query({ selector: 'bench{host=h1}', start: 5 })).toBe('selector=bench%7Bhost%3Dh1%7D&start=5');
});
