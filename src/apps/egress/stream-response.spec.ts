import { javaUrlEncode } from './stream-response.js';

describe('javaUrlEncode (Java URLEncoder, UTF-8)', () => {
  it.each([
    ['plain-text_1.0*', 'plain-text_1.0*'],
    ['a b', 'a+b'],
    ["can't read: 100%", 'can%27t+read%3A+100%25'],
    ['été\n', '%C3%A9t%C3%A9%0A'],
  ])('encodes %p as %p', (text, expected) => {
    expect(javaUrlEncode(text)).toBe(expected);
  });
});
