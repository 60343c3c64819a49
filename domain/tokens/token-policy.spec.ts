import { ForbiddenError, ValidationError } from '../errors.js';
import type { ReadToken, WriteToken } from './token.js';
import {
  checkBannedAttributes,
  exposesOwnerProducer,
  javaPatternQuote,
  readTokenAllows,
  readTokenSelectors,
  type TimeWindowConfig,
  timeWindowBounds,
  tokenTimeWindow,
  writeTokenAllows,
  writeTokenLabels,
} from './token-policy.js';

const P = '11111111-2222-3333-4444-555555555555';
const O = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

const write = (over: Partial<WriteToken> = {}): WriteToken => ({
  issuance: 0n,
  expiry: 1n,
  producer: P,
  owner: O,
  app: 'app',
  labels: new Map(),
  attributes: new Map(),
  ...over,
});
const read = (over: Partial<ReadToken> = {}): ReadToken => ({
  issuance: 0n,
  expiry: 1n,
  apps: [],
  owners: [],
  producers: [],
  billedId: P,
  labels: new Map(),
  attributes: new Map(),
  ...over,
});
const attrs = (...names: string[]): Map<string, string> => new Map(names.map((n) => [n, '']));

describe('writeTokenLabels', () => {
  it.each([
    ['adds producer, owner and app', write(), [['.producer', P], ['.owner', O], ['.app', 'app']]],
    ['omits .app when the app name is empty', write({ app: '' }), [['.producer', P], ['.owner', O]]],
    [
      'puts token labels first',
      write({ labels: new Map([['env', 'prod'], ['dc', 'eu']]) }),
      [['env', 'prod'], ['dc', 'eu'], ['.producer', P], ['.owner', O], ['.app', 'app']],
    ],
    [
      'lets producer, owner and app win over token labels of the same name',
      write({ labels: new Map([['.owner', 'x'], ['.app', 'y'], ['.producer', 'z']]) }),
      [['.producer', P], ['.owner', O], ['.app', 'app']],
    ],
  ])('%s', (_name, token, expected) => {
    expect([...writeTokenLabels(token)]).toEqual(expected);
  });
});

describe('writeTokenAllows', () => {
  it.each([
    ['update', '.noupdate', 'Token cannot be used for updating data.'],
    ['meta', '.nometa', 'Token cannot be used for updating metadata.'],
    ['delete', '.nodelete', 'Token cannot be used for deletions.'],
  ] as const)('forbids %s with %s', (op, attr, message) => {
    const token = write({ owner: P, attributes: attrs(attr) });
    expect(() => writeTokenAllows(token, op)).toThrow(new ForbiddenError(message));
  });

  it.each([
    ['update', '.nometa'],
    ['update', '.nodelete'],
    ['meta', '.noupdate'],
    ['delete', '.noupdate'],
  ] as const)('allows %s despite %s', (op, attr) => {
    expect(() => writeTokenAllows(write({ owner: P, attributes: attrs(attr) }), op)).not.toThrow();
  });

  it('forbids deletion when producer and owner differ', () => {
    expect(() => writeTokenAllows(write(), 'delete')).toThrow(new ForbiddenError('Invalid write token for deletion.'));
  });

  it('checks .nodelete before producer == owner', () => {
    expect(() => writeTokenAllows(write({ attributes: attrs('.nodelete') }), 'delete')).toThrow('Token cannot be used for deletions.');
  });
});

describe('readTokenSelectors', () => {
  const U2 = '00000000-0000-0000-0000-000000000002';
  it.each([
    ['nothing for empty lists', read(), []],
    ['=uuid for one producer', read({ producers: [P] }), [{ name: '.producer', op: '=', value: P }]],
    ['an anchored alternation for several producers', read({ producers: [P, U2] }), [{ name: '.producer', op: '~', value: `^(${P}|${U2})$` }]],
    ['=name for one app, unquoted', read({ apps: ['a.b'] }), [{ name: '.app', op: '=', value: 'a.b' }]],
    ['regex-quoted names for several apps', read({ apps: ['a.b', 'c'] }), [{ name: '.app', op: '~', value: '^(\\Qa.b\\E|\\Qc\\E)$' }]],
    ['=uuid for one owner', read({ owners: [O] }), [{ name: '.owner', op: '=', value: O }]],
    ['an anchored alternation for several owners', read({ owners: [O, P] }), [{ name: '.owner', op: '~', value: `^(${O}|${P})$` }]],
    [
      'token labels as selector expressions',
      read({ labels: new Map([['a', '=x'], ['b', '~x.*'], ['c', 'bare'], ['d', '']]) }),
      [
        { name: 'a', op: '=', value: 'x' },
        { name: 'b', op: '~', value: 'x.*' },
        { name: 'c', op: '=', value: 'bare' },
        { name: 'd', op: '=', value: '' },
      ],
    ],
    ['no token label on a reserved name', read({ labels: new Map([['.owner', '=x'], ['.app', '=y'], ['.producer', '=z']]) }), []],
    [
      'labels, then producer, app and owner (Warp 10 order)',
      read({ owners: [O], apps: ['app'], producers: [P], labels: new Map([['env', '=prod']]) }),
      [
        { name: 'env', op: '=', value: 'prod' },
        { name: '.producer', op: '=', value: P },
        { name: '.app', op: '=', value: 'app' },
        { name: '.owner', op: '=', value: O },
      ],
    ],
  ])('gives %s', (_name, token, expected) => {
    expect(readTokenSelectors(token)).toEqual(expected);
  });
});

describe('javaPatternQuote', () => {
  it.each([
    ['abc', '\\Qabc\\E'],
    ['', '\\Q\\E'],
    ['a\\Eb', '\\Qa\\E\\\\E\\Qb\\E'],
    ['\\E', '\\Q\\E\\\\E\\Q\\E'],
  ])('quotes %s like Pattern.quote', (text, expected) => {
    expect(javaPatternQuote(text)).toBe(expected);
  });
});

describe('readTokenAllows', () => {
  it.each([
    ['fetch', read({ attributes: attrs('.nofetch') }), new ForbiddenError('Token cannot be used for fetching data.')],
    ['fetch', read({ attributes: attrs('.nofind') }), new ForbiddenError('Token cannot be used for fetching data.')],
    ['fetch', read({ hooks: new Map([['h', 'x']]) }), new ValidationError('Tokens with hooks cannot be used for fetching data.')],
    ['find', read({ attributes: attrs('.nofind') }), new ForbiddenError('Token cannot be used for finding metadata.')],
  ] as const)('forbids %s for a token %#', (op, token, error) => {
    expect(() => readTokenAllows(token, op)).toThrow(error);
    try {
      readTokenAllows(token, op);
    } catch (e) {
      expect(e).toBeInstanceOf(error.constructor);
    }
  });

  it.each([
    ['fetch', read({ hooks: new Map() })],
    ['find', read({ attributes: attrs('.nofetch') })],
    ['find', read({ hooks: new Map([['h', 'x']]) })],
  ] as const)('allows %s for a token %#', (op, token) => {
    expect(() => readTokenAllows(token, op)).not.toThrow();
  });
});

describe('exposesOwnerProducer and banned attributes', () => {
  it.each([
    [attrs(), false, false],
    [attrs('.expose'), false, true],
    [new Map([['.expose', 'false']]), false, true],
    [attrs(), true, true],
  ])('attributes %p with config %p expose: %p', (a, config, expected) => {
    expect(exposesOwnerProducer(a, config)).toBe(expected);
  });

  it('rejects tokens carrying a banned attribute', () => {
    expect(() => checkBannedAttributes(attrs('.x'), ['.y', '.x'])).toThrow(new ForbiddenError('Invalid token attribute.'));
    expect(() => checkBannedAttributes(attrs('.x'), ['.y'])).not.toThrow();
  });
});

describe('tokenTimeWindow', () => {
  const none: TimeWindowConfig = { ignoreOutOfRange: false };
  it.each([
    ['no limits by default', {}, none, { ignoreOutOfRange: false }],
    ['the configured defaults', {}, { ...none, maxPastDefault: 10n, maxFutureDefault: 20n }, { maxPastMs: 10n, maxFutureMs: 20n, ignoreOutOfRange: false }],
    [
      'token attributes over the defaults',
      { '.maxpast': '5', '.maxfuture': '+6' },
      { ...none, maxPastDefault: 10n, maxFutureDefault: 20n },
      { maxPastMs: 5n, maxFutureMs: 6n, ignoreOutOfRange: false },
    ],
    [
      'overrides over the token attributes',
      { '.maxpast': '5', '.maxfuture': '6' },
      { ...none, maxPastOverride: 100n, maxFutureOverride: 200n },
      { maxPastMs: 100n, maxFutureMs: 200n, ignoreOutOfRange: false },
    ],
    ['a zero token limit', { '.maxpast': '0' }, none, { maxPastMs: 0n, ignoreOutOfRange: false }],
    ['.ignoor=true over config false', { '.ignoor': 'TRUE' }, none, { ignoreOutOfRange: true }],
    ['.ignoor=t over config false', { '.ignoor': 't' }, none, { ignoreOutOfRange: true }],
    ['.ignoor=f over config true', { '.ignoor': 'F' }, { ignoreOutOfRange: true }, { ignoreOutOfRange: false }],
    ['.ignoor=false over config true', { '.ignoor': 'false' }, { ignoreOutOfRange: true }, { ignoreOutOfRange: false }],
    ['the config when .ignoor is another value', { '.ignoor': 'yes' }, { ignoreOutOfRange: true }, { ignoreOutOfRange: true }],
  ])('gives %s', (_name, a, config, expected) => {
    expect(tokenTimeWindow(write({ attributes: new Map(Object.entries(a)) }), config)).toEqual(expected);
  });

  it.each([
    ['.maxpast', '-1', "Invalid '.maxpast' token attribute, MUST be positive."],
    ['.maxfuture', '-5', "Invalid '.maxfuture' token attribute, MUST be positive."],
    ['.maxpast', 'abc', /is not a long/],
    ['.maxfuture', '9223372036854775808', /is not a long/],
  ])('rejects %s = %s', (name, value, message) => {
    const token = write({ attributes: new Map([[name, value]]) });
    expect(() => tokenTimeWindow(token, none)).toThrow(ValidationError);
    expect(() => tokenTimeWindow(token, none)).toThrow(message);
  });
});

describe('timeWindowBounds', () => {
  it.each([
    ['no bounds without limits', { ignoreOutOfRange: false }, 1000n, 1n, {}],
    ['inclusive bounds in ms', { maxPastMs: 10n, maxFutureMs: 20n, ignoreOutOfRange: false }, 1000n, 1n, { minTs: 990n, maxTs: 1020n }],
    ['bounds in platform units', { maxPastMs: 10n, maxFutureMs: 20n, ignoreOutOfRange: false }, 1_000_000n, 1000n, { minTs: 990_000n, maxTs: 1_020_000n }],
    ['no bound where Warp 10 would overflow a long', { maxPastMs: 0x7fffffffffffffffn, maxFutureMs: 2n ** 62n, ignoreOutOfRange: false }, 2n ** 62n, 2n, {}],
  ])('gives %s', (_name, window, now, unitsPerMs, expected) => {
    expect(timeWindowBounds(window, now, unitsPerMs)).toEqual(expected);
  });
});
