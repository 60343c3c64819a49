import { ValidationError } from '../errors.js';
import { seriesIdFromHex } from '../series/series.js';
import { DIRECTORY_SERVICE, directoryPayload, ownsSeries, parseDirectoryPartition, routeDirectories, shardOfInstance, streamingPortOf } from './directory-shards.js';
import type { ServiceInstance } from './service-discovery.js';

function directory(id: string, shard: string, extra: Record<string, string> = {}): ServiceInstance {
  const [modulus, remainder] = shard.split(':');
  return { name: DIRECTORY_SERVICE, id, address: '127.0.0.1', port: 8883, registrationTimeUTC: 0, payload: { modulus, remainder, ...extra } };
}

/** A deterministic "random" source cycling through the given values. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

describe('parseDirectoryPartition', () => {
  it.each([
    ['1:0', 1, 0],
    ['4:3', 4, 3],
    ['256:255', 256, 255],
  ])('reads %s', (text, modulus, remainder) => {
    expect(parseDirectoryPartition(text)).toEqual({ modulus, remainder });
  });

  it.each(['', '1', '1:', ':0', '0:0', '2:2', '2:-1', 'a:b', '1:0:0', '257:0', ' 1:0'])('rejects %j', (text) => {
    expect(() => parseDirectoryPartition(text)).toThrow(ValidationError);
  });
});

describe('ownsSeries', () => {
  // labelsId starts at hex character 16: its first byte is 0x07 here.
  const id = seriesIdFromHex('0123456789abcdef07ffffffffffffff');
  it.each([
    [1, 0, true],
    [2, 1, true],
    [2, 0, false],
    [7, 0, true],
    [8, 7, true],
    [8, 6, false],
  ])('keeps the series with labelsId MSB 0x07 under modulus %i remainder %i: %s', (modulus, remainder, owned) => {
    expect(ownsSeries({ modulus, remainder }, id)).toBe(owned);
  });

  it('reads the most significant byte as unsigned', () => {
    expect(ownsSeries({ modulus: 256, remainder: 0xfe }, seriesIdFromHex('0000000000000000fe00000000000000'))).toBe(true);
  });
});

describe('directory payload', () => {
  it('announces shard, streaming port and the Thrift settings Warp 10 clients read', () => {
    expect(directoryPayload({ modulus: 2, remainder: 1 }, 8885)).toEqual({
      modulus: '2',
      remainder: '1',
      'streaming.port': '8885',
      'thrift.protocol': 'org.apache.thrift.protocol.TCompactProtocol',
      'thrift.transport': 'org.apache.thrift.transport.TFramedTransport',
    });
  });

  it.each([
    [{ modulus: '3', remainder: '2' }, { modulus: 3, remainder: 2 }],
    [{ modulus: '3', remainder: '3' }, undefined],
    [{ modulus: '0', remainder: '0' }, undefined],
    [{ modulus: 'x', remainder: '0' }, undefined],
    [{ remainder: '0' }, undefined],
  ])('reads the shard of payload %j', (payload, shard) => {
    expect(shardOfInstance({ ...directory('a', '1:0'), payload })).toEqual(shard);
  });

  it.each([
    ['8885', 8885],
    ['0', undefined],
    ['70000', undefined],
    [undefined, undefined],
  ])('reads streaming port %j', (port, expected) => {
    const payload: Record<string, string> = port === undefined ? {} : { 'streaming.port': port };
    expect(streamingPortOf({ ...directory('a', '1:0'), payload })).toBe(expected);
  });
});

describe('routeDirectories', () => {
  it('uses one instance per remainder of a complete modulus', () => {
    const route = routeDirectories([directory('a', '2:0'), directory('b', '2:1')], { random: sequence(0.5) });
    expect(route?.modulus).toBe(2);
    expect(route?.shards.map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('ignores a modulus whose remainders are not all registered', () => {
    const route = routeDirectories([directory('a', '3:0'), directory('b', '3:2'), directory('c', '1:0')], { random: sequence(0) });
    expect(route).toEqual({ modulus: 1, shards: [expect.objectContaining({ id: 'c' })] });
  });

  it('returns undefined when no modulus is complete', () => {
    expect(routeDirectories([directory('a', '2:0'), directory('b', '2:0')])).toBeUndefined();
    expect(routeDirectories([])).toBeUndefined();
  });

  it('ignores instances without a valid shard', () => {
    const broken: ServiceInstance = { ...directory('x', '1:0'), payload: { modulus: '1', remainder: '5' } };
    expect(routeDirectories([broken, directory('a', '1:0')], { random: sequence(0) })?.shards.map((s) => s.id)).toEqual(['a']);
  });

  it('leaves out excluded instances, and the moduli they leave incomplete', () => {
    const all = [directory('a', '2:0'), directory('b', '2:1'), directory('c', '1:0')];
    expect(routeDirectories(all, { exclude: new Set(['b']), random: sequence(0.9) })?.shards.map((s) => s.id)).toEqual(['c']);
    expect(routeDirectories(all, { exclude: new Set(['b', 'c']) })).toBeUndefined();
  });

  it('chooses replicas at random, every replica being used over many finds', () => {
    const instances = [directory('a1', '2:0'), directory('a2', '2:0'), directory('b1', '2:1'), directory('b2', '2:1')];
    const seen = new Map<string, number>();
    let state = 7;
    const lcg = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 400; i++) {
      const route = routeDirectories(instances, { random: lcg })!;
      expect(route.shards.map((s) => s.payload.remainder)).toEqual(['0', '1']);
      for (const s of route.shards) seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
    }
    for (const id of ['a1', 'a2', 'b1', 'b2']) expect(seen.get(id)).toBeGreaterThan(100);
  });

  it('never mixes moduli in one route', () => {
    const instances = [directory('m1', '1:0'), directory('h0', '2:0'), directory('h1', '2:1')];
    const moduli = new Set<number>();
    for (const r of [0, 0.2, 0.4, 0.6, 0.8, 0.99]) {
      const route = routeDirectories(instances, { random: sequence(r) })!;
      moduli.add(route.modulus);
      expect(route.shards).toHaveLength(route.modulus);
      for (const s of route.shards) expect(shardOfInstance(s)?.modulus).toBe(route.modulus);
    }
    expect(moduli).toEqual(new Set([1, 2]));
  });
});
