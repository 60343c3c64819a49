import { toGeoPoint } from '../series/geo.js';
import { ValueParseError, parseValue } from './value-parser.js';
import { binary, bool, decimal, double, long, string, type Value } from './value.js';

// Reference §1.3, one row per input form, in parseValue's order.
describe('parseValue accepts every value form of the input format', () => {
  it.each<[string, Value]>([
    // quoted strings, percent-decoded only when they contain '%', '+' kept literal
    ["'hello'", string('hello')],
    ['"hello"', string('hello')],
    ["'it's'", string("it's")],
    ["''", string('')],
    ["'a%20b%C3%A9'", string('a bé')],
    ["'a+b%21'", string('a+b!')],
    ["'a+b'", string('a+b')],
    ["'a b '", string('a b ')],
    // booleans: t, T, true and false in any case
    ['t', bool(true)],
    ['T', bool(true)],
    ['true', bool(true)],
    ['TRUE', bool(true)],
    ['tRuE', bool(true)],
    ['f', bool(false)],
    ['F', bool(false)],
    ['false', bool(false)],
    ['False', bool(false)],
    // HHCode and quaternions are LONGs
    ['HH:48.0:-4.5', long(toGeoPoint(48, -4.5))],
    ['HH: 48.0:-4.5 ', long(toGeoPoint(48, -4.5))],
    ['Q:0:0:0:0', long(0x7fff7fff7fff7fffn)],
    ['Q:1:0:0:0', long(BigInt.asIntN(64, 0xffff7fff7fff7fffn))],
    ['Q:2:0:0:0', long(BigInt.asIntN(64, 0xffff7fff7fff7fffn))],
    ['Q:0:0:0:-1', long(0x7fff7fff7fff0000n)],
    // binary
    ['b64:AQID', binary(Uint8Array.of(1, 2, 3))],
    ['b64:AQI', binary(Uint8Array.of(1, 2))],
    ['b64:AQ==', binary(Uint8Array.of(1))],
    ['b64:A', binary(new Uint8Array(0))],
    ['b64:-_8', binary(Uint8Array.of(0xfb, 0xff))],
    ['b64:+/8=', binary(Uint8Array.of(0xfb, 0xff))],
    ['b64:!A Q*ID', binary(Uint8Array.of(1, 2, 3))],
    ['hex:010203', binary(Uint8Array.of(1, 2, 3))],
    ['hex:FFfe', binary(Uint8Array.of(255, 254))],
    ['hex:', binary(new Uint8Array(0))],
    // LONG (Long.parseLong)
    ['42', long(42n)],
    ['-42', long(-42n)],
    ['+5', long(5n)],
    ['0', long(0n)],
    ['-0', long(0n)],
    ['9223372036854775807', long(9223372036854775807n)],
    ['-9223372036854775808', long(-9223372036854775808n)],
    // short decimals are kept exact, trailing zeros stripped
    ['1.50', decimal(15n, 1)],
    ['.5', decimal(5n, 1)],
    ['1.', decimal(1n, 0)],
    ['-0.25', decimal(-25n, 2)],
    ['+1.5', decimal(15n, 1)],
    ['100.', decimal(1n, -2)],
    ['10.0', decimal(1n, -1)],
    ['0.00', decimal(0n, 0)],
    ['-0.0', decimal(0n, 0)],
    ['0.00001', decimal(1n, 5)],
    ['12345678901.25', decimal(1234567890125n, 2)],
    ['70368744177663.', decimal(70368744177663n, 0)],
    // unscaled value over 46 bits: Warp 10's encoder stores a double
    ['70368744177664.', double(70368744177664)],
    ['99999999999999.', double(99999999999999)],
    // everything else: Double.parseDouble
    ['1e3', double(1000)],
    ['1E-5', double(1e-5)],
    ['-2.5e+2', double(-250)],
    ['NaN', double(NaN)],
    ['-NaN', double(NaN)],
    ['Infinity', double(Infinity)],
    ['-Infinity', double(-Infinity)],
    ['+Infinity', double(Infinity)],
    ['1d', double(1)],
    ['1f', double(1)],
    ['1.5D', double(1.5)],
    ['.5e1F', double(5)],
    ['0x1p3', double(8)],
    ['0X1.8P1', double(3)],
    ['-0x10p-4', double(-1)],
    ['0x.8p1d', double(1)],
    ['42 ', double(42)],
    ['\t1.5', double(1.5)],
    ['1234567890.123456', double(1234567890.123456)],
  ])('%j', (input, expected) => {
    expect(parseValue(input)).toEqual(expected);
  });
});

describe('parseValue rounds hexadecimal floats like Java', () => {
  it.each<[string, number]>([
    ['0x1.fffffffffffff8p0', 2],
    ['0x1.fffffffffffff7p0', 2 - 2 ** -52],
    ['0x1.fffffffffffffp1023', Number.MAX_VALUE],
    ['0x1p1024', Infinity],
    ['0x1p-1074', Number.MIN_VALUE],
    ['0x1p-1075', 0],
    ['0x1.0000001p-1075', Number.MIN_VALUE],
    ['0x3p-1075', 2 * Number.MIN_VALUE],
    ['0x1p-1022', 2 ** -1022],
  ])('%s', (input, expected) => {
    expect(parseValue(input)).toEqual(double(expected));
  });
});

// Reference §1.5: reason, offset in the value, and the chained Java message.
describe('parseValue rejects malformed values with Warp 10 reasons', () => {
  it.each<[string, string, number, string | undefined]>([
    ["'", 'Cannot parse value.', 0, 'String index out of range: -1'],
    ["'abc", 'Cannot parse value.', 0, `For input string: "'abc"`],
    ["'x\"", 'Cannot parse value.', 0, `For input string: "'x""`],
    ["'%zz'", 'Cannot parse value.', 0, 'URLDecoder: Illegal hex characters in escape (%) pattern - For input string: "zz"'],
    ["'%4'", 'Cannot parse value.', 0, 'URLDecoder: Incomplete trailing escape (%) pattern'],
    ['true ', 'Cannot parse value.', 0, 'For input string: "true"'],
    ['tr', 'Cannot parse value.', 0, 'For input string: "tr"'],
    ['HH:48.0', 'Invalid value for lat,lon conversion to HHCode.', 0, undefined],
    ['HH:x:1', 'Cannot parse latitude.', 3, 'For input string: "x"'],
    ['HH:1:y', 'Cannot parse longitude.', 5, 'For input string: "y"'],
    ['HH::1', 'Cannot parse latitude.', 3, 'empty String'],
    ['Q:1:2:3', 'Invalid value for Quaternion, expected Q:w:x:y:z', 0, undefined],
    ['Q:a:0:0:0', 'Cannot parse quaternion component.', 2, 'For input string: "a"'],
    ['Q:1:0:0:x', 'Cannot parse quaternion component.', 8, 'For input string: "x"'],
    ['Q:1:0:0:0:0', 'Cannot parse quaternion component.', 8, 'For input string: "0:0"'],
    ['Q:NaN:0:0:0', 'Quaternion values require finite elements.', 0, undefined],
    ['Q:1:Infinity:0:0', 'Quaternion values require finite elements.', 0, undefined],
    ['[1 2]', 'Cannot parse value.', 0, "Multi-value lists '[ ... ]' are not supported."],
    ['hex:0', 'Cannot parse value.', 0, 'Odd number of hexadecimal digits.'],
    ['hex:zz', 'Cannot parse value.', 0, 'Invalid hex character.'],
    [':m:foo', "Unsupported value ':m:foo'", 0, undefined],
    ['9223372036854775808', 'Cannot parse value.', 0, 'For input string: "9223372036854775808"'],
    ['-9223372036854775809', 'Cannot parse value.', 0, 'For input string: "-9223372036854775809"'],
    [' 42', 'Cannot parse value.', 0, 'For input string: " 42"'],
    ['1.2.3', 'Cannot parse value.', 0, 'Character array contains more than one decimal point.'],
    ['1-2', 'Cannot parse value.', 0, 'Character - is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ['-', 'Cannot parse value.', 0, 'No digits found.'],
    ['.', 'Cannot parse value.', 0, 'No digits found.'],
    ['abc', 'Cannot parse value.', 0, 'For input string: "abc"'],
    ['1e', 'Cannot parse value.', 0, 'For input string: "1e"'],
    ['1.5x', 'Cannot parse value.', 0, 'For input string: "1.5x"'],
    ['1fd', 'Cannot parse value.', 0, 'For input string: "1fd"'],
    ['0x1', 'Cannot parse value.', 0, 'For input string: "0x1"'],
    ['Infinityd', 'Cannot parse value.', 0, 'For input string: "Infinityd"'],
    ['\t', 'Cannot parse value.', 0, 'empty String'],
    ['', 'Cannot parse value.', 0, 'String index out of range: 0'],
  ])('%j', (input, reason, offset, cause) => {
    let error: unknown;
    try {
      parseValue(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValueParseError);
    const e = error as ValueParseError;
    expect({ reason: e.reason, offset: e.offset, cause: e.causeMessage }).toEqual({ reason, offset, cause });
  });
});
