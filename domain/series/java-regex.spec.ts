import { ValidationError } from '../errors.js';
import { compileJavaRegex } from './java-regex.js';

describe('compileJavaRegex', () => {
  // Expected results are java.util.regex.Pattern.compile(regex).matcher(input).matches(), recorded with JDK 25.
  it.each([
    ['a.*', 'abc', true],
    ['a.*', 'xabc', false],
    ['b', 'abc', false],
    ['ab|abc', 'abc', true],
    ['\\Q.*\\E', '.*', true],
    ['\\Q.*\\E', 'ab', false],
    ['a\\Q+(\\Eb', 'a+(b', true],
    ['a\\Q+(', 'a+(', true],
    ['\\s', ' ', true],
    ['\\s', '\u00a0', false],
    ['\\S', '\u00a0', true],
    ['[\\s]', '\u0009', true],
    ['\\p{Alpha}+', 'abcXYZ', true],
    ['\\p{Alpha}+', 'abc\u00e9', false],
    ['\\P{Alpha}', '1', true],
    ['\\p{Lu}\\p{Ll}+', '\u00c9lan', true],
    ['\\p{IsLatin}+', '\u00e9lan', true],
    ['\\p{IsGreek}+', '\u03b1\u03b2\u03b3', true],
    ['\\p{L}+', '\u65e5\u672c', true],
    ['\\pL+', 'ab', true],
    ['\\p{javaLowerCase}+', 'abc', true],
    ['(?i)abc', 'ABC', true],
    ['(?i)abc', 'AbD', false],
    ['(?s)a.b', 'a\u000ab', true],
    ['a.b', 'a\u000ab', false],
    ['a\\:b', 'a:b', true],
    ['a\\-b', 'a-b', true],
    ['[]a]+', ']a]', true],
    ['[^]a]', 'b', true],
    ['a]', 'a]', true],
    ['a}', 'a}', true],
    ['x{2,3}', 'xxx', true],
    ['x{2,3}', 'xxxx', false],
    ['x{2,}?', 'xxxx', true],
    ['\\x41\\u0042\\x{43}', 'ABC', true],
    ['\\0101', 'A', true],
    ['\\cA', '\u0001', true],
    ['\\e\\a', '\u001b\u0007', true],
    ['a\\Rb', 'a\u000d\u000ab', true],
    ['\\h', '\u00a0', true],
    ['\\v', '\u2028', true],
    ['\\Aab\\z', 'ab', true],
    ['ab\\Z', 'ab', true],
    ['(a)\\1', 'aa', true],
    ['(?<x>a)\\k<x>', 'aa', true],
    ['a(?=b)b', 'ab', true],
    ['(?<!x)a', 'a', true],
    ['\\d+', '123', true],
    ['\\d+', '\u0661\u0662', false],
    ['\\w+', 'abc_1', true],
    ['\\w+', '\u00e9', false],
    ['[a-c\\d]+', 'a1c', true],
    ['[\\p{Digit}x]+', '1x', true],
    ['\\$\\^', '$^', true],
    ['\ud83d\ude00.', '\ud83d\ude00\ud83d\ude00', true],
    ['.', '\ud83d\ude00', true],
    ['(?m)a$', 'a', true],
    ['(?m)^a$', 'a\u000aa', false],
    ['a/b', 'a/b', true],
    ['[/]', '/', true],
    ['\\/', '/', true],
    ['\\\'', '\'', true],
    ['\\"', '"', true],
    ['\\#', '#', true],
    ['a\\.b', 'a.b', true],
    ['a\\.b', 'axb', false],
    ['', '', true],
    ['', 'a', false],
    ['[\\Q]\\E]', ']', true],
    ['[\\Q-\\E]', '-', true],
    ['\\p{Punct}+', '!@#', true],
    ['\\p{sc=Han}+', '\u65e5\u672c', true],
    ['\\p{gc=Nd}+', '12', true],
    ['\\p{IsAlphabetic}+', 'a\u00e9', true],
    ['\\p{IsLu}', 'A', true],
    ['\\p{IsL}', 'a', true],
    ['\\p{Space}', '\u000b', true],
    ['[\\h]', '\u3000', true],
    ['\\P{Lu}', 'a', true],
    ['[\\P{Lu}]', 'A', false],
    ['\\\\', '\\', true],
    ['a\\tb', 'a\u0009b', true],
  ])('matches Java: %j against %j is %p', (regex, input, expected) => {
    expect(compileJavaRegex(regex).test(input)).toBe(expected);
  });

  // Warp 10's SmartPattern answers "match" for these three texts without running the regex, so even
  // values with newlines match (reference §6.3: `~.*` / `~^.*` / `~^.*$` match anything).
  it.each(['.*', '^.*', '^.*$'])('treats %j as match-anything, like Warp 10 SmartPattern', (regex) => {
    const re = compileJavaRegex(regex);
    expect(['', 'a', 'a\nb'].map((s) => re.test(s))).toEqual([true, true, true]);
  });

  it('matches the whole value, not a substring', () => {
    const re = compileJavaRegex('b+');
    expect([re.test('bb'), re.test('abb'), re.test('bba')]).toEqual([true, false, false]);
  });

  it('matches the whole value with (?m), where ^ and $ are line anchors', () => {
    const re = compileJavaRegex('(?m)^a$\\n^b$');
    expect([re.test('a\nb'), re.test('x\na\nb'), re.test('a\nb\n')]).toEqual([true, false, false]);
  });

  it.each([
    ['a*+', /possessive/],
    ['a++', /possessive/],
    ['a?+', /possessive/],
    ['a{2}+', /possessive/],
    ['(?>a)', /atomic/],
    ['a(?i)b', /inline flags/],
    ['(?i:a)', /inline flags/],
    ['(?x)a b', /inline flag 'x'/],
    ['[a-z&&[^e]]', /intersections/],
    ['[a[b]]', /nested/],
    ['\\G', /\\G/],
    ['\\X', /\\X/],
    ['\\p{InGreek}', /InGreek/],
    ['\\p{Nope}', /Nope/],
    ['[\\P{Alpha}]', /POSIX/],
    ['a{', /repetition/],
    ['x{a}', /repetition/],
    ['[a', /unclosed/],
    ['\\', /backslash/],
    ['\\i', /\\i/],
    ['(a', /./],
    ['*a', /./],
  ])('refuses %j with a ValidationError naming the expression', (regex, reason) => {
    const attempt = () => compileJavaRegex(regex);
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(reason);
    expect(attempt).toThrow(`'${regex}'`);
  });
});
