import { ValidationError } from '../errors.js';
import {
  type LabelMatcher,
  type Selector,
  forceLabelMatchers,
  labelMatcher,
  matchesSeries,
  parseSelector,
  parseSelectors,
  selectorToString,
} from './selector.js';

const absentOn = { absentLabelSupport: true };
const absentOff = { absentLabelSupport: false };

// A plain view of a selector, without RegExp objects, for table comparisons.
function shape(s: Selector): unknown {
  const cm = s.classMatcher;
  const plain = (m: LabelMatcher) => (m.kind === 'regex' ? `${m.name}~${m.source}` : m.kind === 'exact' ? `${m.name}=${m.value}` : `${m.name}:absent`);
  return [cm.kind === 'exact' ? `=${cm.value}` : `~${cm.source}`, ...s.labels.map(plain)];
}

const series = (className: string, labels: Record<string, string>, attributes: Record<string, string> = {}) => ({
  className,
  labels: new Map(Object.entries(labels)),
  attributes: new Map(Object.entries(attributes)),
});

describe('parseSelector (reference §6.3)', () => {
  it.each([
    ['bare class is exact', 'temp{}', ['=temp']],
    ['=NAME is exact', '=temp{}', ['=temp']],
    ['~REGEX is a regex', '~te.*{}', ['~te.*']],
    ['=~x is the class literally named ~x', '=~x{}', ['=~x']],
    ['class part is PE-decoded before its prefix is read', '%7Ex%7B2%7D{}', ['~x{2}']],
    ['+ stays a + when decoding', 'a+b%20c{}', ['=a+b c']],
    ['class part may contain }', 'a}b{}', ['=a}b']],
    ['exact and regex labels, in order', 'c{a=b,c~d.*}', ['=c', 'a=b', 'c~d.*']],
    ['items are trimmed and empty items skipped', 'c{ a=b ,, c~d ,}', ['=c', 'a=b', 'c~d']],
    ['a~b=c is exact on label a~b', 'c{a~b=c}', ['=c', 'a~b=c']],
    ['a!=b is exact on label a!', 'c{a!=b}', ['=c', 'a!=b']],
    ['a=b=c keeps only b as the value (Java split quirk)', 'c{a=b=c}', ['=c', 'a=b']],
    ['a~b~c keeps only b as the regex', 'c{a~b~c}', ['=c', 'a~b']],
    ['names and values are PE-decoded', 'c{n%2Cm=v%3D1,x~a%7B2%7D}', ['=c', 'n,m=v=1', 'x~a{2}']],
    ['a repeated name keeps its first position and last value', 'c{a=1,b=2,a=3}', ['=c', 'a=3', 'b=2']],
    ['the label part runs to the last }', 'c{a=}}', ['=c', 'a=}']],
    ['name= means absent with absent-label support', 'c{a=}', ['=c', 'a:absent']],
    ['name~ is an empty regex, not absent', 'c{a~}', ['=c', 'a~']],
  ])('%s: %s', (_, text, expected) => {
    expect(shape(parseSelector(text, absentOn))).toEqual(expected);
  });

  it('reads name= as an empty exact value without absent-label support', () => {
    expect(shape(parseSelector('c{a=}', absentOff))).toEqual(['=c', 'a=']);
  });

  it.each([
    ['no braces', 'temp'],
    ['empty class part', '{a=b}'],
    ['missing closing brace', 'temp{a=b'],
    ['text after the closing brace', 'temp{a=b}x'],
    ['a { in the class part (it starts the labels)', 'te{mp{}'],
    ['a label item without = or ~', 'temp{a}'],
    ['a line break inside the braces', 'temp{a=b\n}'],
    ['an invalid percent escape', 'temp{a=%zz}'],
    ['an invalid class regex', '~a(b{}'],
    ['a Java-only regex construct', 'temp{a~x*+}'],
    ['an empty text', ''],
  ])('rejects %s with a ValidationError naming the selector', (_, text) => {
    const attempt = () => parseSelector(text, absentOn);
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(`'${text}'`);
  });
});

describe('parseSelectors', () => {
  it.each([
    ['one selector', 'a{}', ['a']],
    ['whitespace-separated selectors', 'a{}  b{x=1}\tc{}\n', ['a', 'b', 'c']],
    ['all-whitespace text gives none (Java split)', '   ', []],
  ])('parses %s', (_, text, classes) => {
    const selectors = parseSelectors(text, absentOn);
    expect(selectors.map((s) => (s.classMatcher.kind === 'exact' ? s.classMatcher.value : ''))).toEqual(classes);
  });

  it.each([
    ['leading whitespace (empty first selector, as in Warp 10)', ' a{}'],
    ['an empty text', ''],
  ])('rejects %s', (_, text) => {
    expect(() => parseSelectors(text, absentOn)).toThrow(ValidationError);
  });
});

describe('matchesSeries (reference §6.3)', () => {
  const s = series('sensor.temp', { host: 'web-1', dc: 'paris' }, { room: '12', host: 'ignored' });

  it.each([
    ['exact class', 'sensor.temp{}', true],
    ['other class', 'sensor.hum{}', false],
    ['class regex over the whole name', '~sensor\\..*{}', true],
    ['class regex matching only a prefix', '~sensor{}', false],
    ['any class', '~.*{}', true],
    ['exact label', '~.*{host=web-1}', true],
    ['exact label, other value', '~.*{host=web-2}', false],
    ['label regex over the whole value', '~.*{host~web-\\d}', true],
    ['label regex matching only a substring', '~.*{host~web}', false],
    ['label wins over the attribute of the same name', '~.*{host=ignored}', false],
    ['attribute used when the label is absent', '~.*{room=12}', true],
    ['attribute regex', '~.*{room~1.}', true],
    ['neither label nor attribute', '~.*{rack~.*}', false],
    ['several selectors are all required', '~.*{host=web-1,dc=paris,room=12}', true],
    ['one failing selector is enough', '~.*{host=web-1,dc=lyon}', false],
    ['absent name', '~.*{rack=}', true],
    ['absent fails on a label', '~.*{dc=}', false],
    ['absent fails on an attribute', '~.*{room=}', false],
  ])('%s: %s → %p', (_, text, expected) => {
    expect(matchesSeries(parseSelector(text, absentOn), s)).toBe(expected);
  });

  it('without absent-label support, name= needs an empty value', () => {
    const sel = parseSelector('~.*{rack=}', absentOff);
    expect([matchesSeries(sel, s), matchesSeries(sel, series('x', { rack: '' }))]).toEqual([false, true]);
  });

  it('matches non-ASCII names and values', () => {
    const sel = parseSelector('%C3%A9t%C3%A9{lieu~\\p{L}+}', absentOn);
    expect([matchesSeries(sel, series('été', { lieu: 'Orléans' })), matchesSeries(sel, series('été', { lieu: 'Orléans 2' }))]).toEqual([true, false]);
  });
});

describe('labelMatcher and forceLabelMatchers', () => {
  it.each([
    ['=', 'v', absentOn, { name: 'n', kind: 'exact', value: 'v' }],
    ['=', '', absentOn, { name: 'n', kind: 'absent' }],
    ['=', '', absentOff, { name: 'n', kind: 'exact', value: '' }],
  ] as const)('builds %s%j', (op, value, options, expected) => {
    expect(labelMatcher('n', op, value, options)).toEqual(expected);
  });

  it('replaces the reserved labels with the ones a token forces', () => {
    const user = parseSelector('c{.owner=me,a=1,.app~.*,.producer=x}', absentOn);
    const forced = [labelMatcher('.owner', '=', 'o1', absentOn), labelMatcher('.app', '=', 'app', absentOn)];
    expect(shape(forceLabelMatchers(user, forced))).toEqual(['=c', 'a=1', '.owner=o1', '.app=app']);
  });
});

describe('selectorToString', () => {
  it.each([
    ['temp{}', '=temp{}'],
    ['~a.*{}', '~a.*{}'],
    ['c{a=b,c~d+,e=}', '=c{a=b,c~d%2B,e=}'],
    ['%C3%A9t%C3%A9{n%2Cm=v%3D1}', '=%C3%A9t%C3%A9{n%2Cm=v%3D1}'],
  ])('prints %s as %s', (text, expected) => {
    expect(selectorToString(parseSelector(text, absentOn))).toBe(expected);
  });

  it.each(['%7Ex%7B2%7D.*{a~[a-z]%7B3%7D,b=1%202,c=}', '=~x{}', 'a+b{p%25=%2B}'])('round-trips %s through parseSelector', (text) => {
    const sel = parseSelector(text, absentOn);
    expect(shape(parseSelector(selectorToString(sel), absentOn))).toEqual(shape(sel));
  });
});
