import { ValidationError } from '../errors.js';
import { parseMetaLine, type MetaLineOptions } from './meta-line.js';
import { DEFAULT_METADATA_LIMITS } from './metadata-limits.js';

const options: MetaLineOptions = { limits: DEFAULT_METADATA_LIMITS };

function parsed(line: string, opts: MetaLineOptions = options) {
  const result = parseMetaLine(line, opts);
  if (result === undefined) throw new Error(`line skipped: ${line}`);
  return { className: result.name.className, labels: Object.fromEntries(result.name.labels), attributes: Object.fromEntries(result.attributes) };
}

// Reference §5.1.
describe('parseMetaLine reads CLASS{LABELS}{ATTRIBUTES}', () => {
  it.each<[string, string, Record<string, string>, Record<string, string>]>([
    ['a{}{}', 'a', {}, {}],
    ['a{x=1}{k=v}', 'a', { x: '1' }, { k: 'v' }],
    ['  a{x=1}{k=v}\t', 'a', { x: '1' }, { k: 'v' }],
    ['a b{x=1,y=2}{k=v,l=w}', 'a b', { x: '1', y: '2' }, { k: 'v', l: 'w' }],
    ['a%20b+c{x%3D=%2C}{k=%7D}', 'a b+c', { 'x=': ',' }, { k: '}' }],
    ['a}b{x=1}{}', 'a}b', { x: '1' }, {}],
    ['a{x={1}{}', 'a', { x: '{1' }, {}],
    ['a{x=1=2,,a = b}{k=}', 'a', { x: '1', 'a ': ' b' }, { k: '' }],
  ])('%j', (line, className, labels, attributes) => {
    expect(parsed(line)).toEqual({ className, labels, attributes });
  });

  it('forces the token labels over the line labels', () => {
    const forcedLabels = new Map([['.owner', 'o'], ['.producer', 'p'], ['x', 'forced']]);
    expect(parsed('a{x=1,y=2}{}', { ...options, forcedLabels }).labels).toEqual({ x: 'forced', y: '2', '.owner': 'o', '.producer': 'p' });
  });

  it.each(['', '#', '# a{}{}'])('skips %j', (line) => {
    expect(parseMetaLine(line, options)).toBeUndefined();
  });
});

describe('parseMetaLine rejects invalid lines with "Invalid metadata <line>"', () => {
  const owner = new Map([['.owner', 'o']]);
  it.each<[string, MetaLineOptions]>([
    ['a{}', options],
    ['a{x=1}', options],
    ['{}{}', options],
    ['a{}{}x', options],
    ['a{}{} {}', options],
    ['a{}{k=}}', options],
    ['a{} {}', options],
    ['a{x}{}', options],
    ['a{x~1}{}', options],
    ['a{}{k~v}', options],
    ['a%zz{}{}', options],
    ['a{x=%4}{}', options],
    ['   ', options],
    ['a{}{.producer=x}', options],
    ['a{}{.owner=x}', options],
    ['a{}{.app=x}', options],
    ['a{x=1}{x=2}', options],
    ['a{}{.owner=x}', { ...options, forcedLabels: owner }],
    ['a{}{k=123456}', { limits: { labelsMaxSize: 2048, attributesMaxSize: 6 } }],
    [`a{k=${'v'.repeat(20)}}{}`, { limits: { labelsMaxSize: 0, attributesMaxSize: 8192 }, forcedLabels: new Map([['.owner', 'o'.repeat(65)]]) }],
  ])('%j', (line, opts) => {
    expect(() => parseMetaLine(line, opts)).toThrow(new ValidationError(`Invalid metadata ${line}`));
  });

  it('throws a ValidationError (HTTP 400)', () => {
    expect(() => parseMetaLine('a{}', options)).toThrow(ValidationError);
  });

  it('accepts metadata exactly at the limits', () => {
    const limits = { labelsMaxSize: 0, attributesMaxSize: 7 };
    const forcedLabels = new Map([['.owner', 'o'.repeat(64)]]);
    expect(parsed(`a{k=${'v'.repeat(20)}}{k2=12345}`, { limits, forcedLabels }).attributes).toEqual({ k2: '12345' });
  });
});
