import { LabelPairError, parseLabelPairs } from './label-pairs.js';
import { UrlDecodingError } from './url-decoding.js';

// Reference §1.2 (labels) and §1.7 (decoding), as GTSHelper.parseLabels behaves.
describe('parseLabelPairs', () => {
  it.each<[string, [string, string][]]>([
    ['', []],
    ['a=b', [['a', 'b']]],
    ['a=b,c=d', [['a', 'b'], ['c', 'd']]],
    [',,a=b,, ,', [['a', 'b']]],
    [' a=b\t', [['a', 'b']]],
    ['a = b', [['a ', ' b']]],
    ['a=', [['a', '']]],
    ['=b', [['', 'b']]],
    ['a=b=c', [['a', 'b']]],
    ['a==c', [['a', '']]],
    ['a=1,b=2,a=3', [['a', '3'], ['b', '2']]],
    ['a%2C=b%3D%2B+', [['a,', 'b=++']]],
    ['a+b=c+d', [['a+b', 'c+d']]],
    ['a~b=c', [['a~b', 'c']]],
    ['a~x,a=y', [['a', 'y']]],
  ])('%j', (text, pairs) => {
    expect([...parseLabelPairs(text)]).toEqual(pairs);
  });

  it.each<[string, string]>([
    ['a', 'a'],
    ['x=1, b c ,y=2', 'b c'],
    ['a~b', '~b'],
    ['a~%41', '~A'],
    ['a~b~c', '~b'],
    // the first name still holding a regex, in first-insertion order, is reported
    ['b=1,a~x,b~y', '~y'],
    ['a=1,a~x,b', 'b'],
  ])('rejects %j with %j', (text, message) => {
    expect(() => parseLabelPairs(text)).toThrow(new LabelPairError(message));
  });

  it.each([
    ['a=%zz', 'URLDecoder: Illegal hex characters in escape (%) pattern - For input string: "zz"'],
    ['%4=b', 'URLDecoder: Incomplete trailing escape (%) pattern'],
    ['a=%41%4', 'URLDecoder: Incomplete trailing escape (%) pattern'],
  ])('reports the bad escape of %j as Java does', (text, message) => {
    expect(() => parseLabelPairs(text)).toThrow(new UrlDecodingError(message));
  });
});
