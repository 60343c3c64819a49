import { seriesIdFromHex } from '../series/series.js';
import { findFormatter } from './find-formatter.js';
import { type FindFormatOptions, type OutputMetadata } from './output-series.js';

const temp: OutputMetadata = {
  className: 'temp',
  labels: new Map([['host', 'a b'], ['.owner', 'o']]),
  attributes: new Map([['room', '1']]),
  lastActivity: 1700000000000,
  id: seriesIdFromHex('13cdb2f4e83faf354d2f0d2a6669e647'),
};
const bare: OutputMetadata = { className: 'x', labels: new Map(), attributes: new Map(), id: seriesIdFromHex('ffffffffffffffff0000000000000001') };
const onlyHidden: OutputMetadata = { className: 'y', labels: new Map([['.owner', 'o']]), attributes: new Map(), id: bare.id };
const defaults: FindFormatOptions = { showAttributes: true, sortMeta: false, showUuid: false };

function render(format: string | undefined, series: OutputMetadata[], options: Partial<FindFormatOptions> = {}): string {
  const f = findFormatter(format, { ...defaults, ...options });
  return f.begin() + series.map((s) => f.series(s)).join('') + f.end();
}

describe('findFormatter text (reference §6.4)', () => {
  const all = [temp, bare, onlyHidden];
  it.each([
    ['showattr (default)', all, {}, 'temp{host=a%20b}{room=1}\nx{}\ny{}{}\n'],
    ['showattr=false', all, { showAttributes: false }, 'temp{host=a%20b}\nx\ny{}\n'],
    ['expose', all, { expose: true }, 'temp{host=a%20b,.owner=o}{room=1}\nx{}\ny{.owner=o}{}\n'],
    ['sortmeta', all, { sortMeta: true, expose: true }, 'temp{.owner=o,host=a%20b}{room=1}\nx{}\ny{.owner=o}{}\n'],
    [
      'showuuid',
      all,
      { showUuid: true },
      'temp{host=a%20b}{room=1,.uuid=13cdb2f4-e83f-af35-4d2f-0d2a6669e647}\nx{.uuid=ffffffff-ffff-ffff-0000-000000000001}\ny{}{.uuid=ffffffff-ffff-ffff-0000-000000000001}\n',
    ],
    ['showuuid and sortmeta', [temp], { showUuid: true, sortMeta: true }, 'temp{host=a%20b}{.uuid=13cdb2f4-e83f-af35-4d2f-0d2a6669e647,room=1}\n'],
  ] as [string, OutputMetadata[], Partial<FindFormatOptions>, string][])(
    'prints one line per series, labels block only when there are labels: %s',
    (_, series, options, expected) => {
      expect(render(undefined, series, options)).toBe(expected);
    },
  );

  it('PE-encodes class, names and values', () => {
    const s: OutputMetadata = { className: 'été', labels: new Map([['a,b', 'c=d']]), attributes: new Map([['k', "'"]]) };
    expect(render('text', [s])).toBe('%C3%A9t%C3%A9{a%2Cb=c%3Dd}{k=%27}\n');
  });

  it('prints nothing for no series', () => {
    expect(render('text', [])).toBe('');
  });

  it('refuses showuuid without series ids', () => {
    expect(() => render('text', [{ ...bare, id: undefined }], { showUuid: true })).toThrow(/BUG/);
  });
});

describe('findFormatter json (reference §6.4)', () => {
  it('prints [, objects separated by ,\\n, then ] on their own lines', () => {
    expect(render('json', [temp, bare])).toBe(
      '[\n' + '{"c":"temp","l":{"host":"a b"},"a":{"room":"1"},"la":1700000000000},\n' + '{"c":"x","l":{},"a":{},"la":0}' + '\n]\n',
    );
  });

  it('shows attributes whatever showattr says, adds .uuid, and escapes non-ASCII', () => {
    const s: OutputMetadata = { ...bare, className: 'é' };
    expect(render('json', [s], { showAttributes: false, showUuid: true })).toBe(
      '[\n{"c":"\\u00E9","l":{},"a":{".uuid":"ffffffff-ffff-ffff-0000-000000000001"},"la":0}\n]\n',
    );
  });

  it('prints an empty array as [, empty line, ]', () => {
    expect(render('json', [])).toBe('[\n\n]\n');
  });

  it('declares its content type', () => {
    expect([findFormatter('json', defaults).contentType, findFormatter('text', defaults).contentType]).toEqual([
      'application/json; charset=utf-8',
      'text/plain; charset=utf-8',
    ]);
  });
});
