import type { SeriesId } from '../../../domain/series/series.js';
import { alignedZnodeSize, checkFrontEndTopic, parseSubscriptionZnodeName, publishedMarker, subscriptionZnodes, subscriptionZnodeSeries } from './zookeeper-subscription-znodes.js';

// SipHash-2-4 reference vector: key 00..0f (k0 = 0x0706050403020100, k1 = 0x0f0e0d0c0b0a0908), message 00..0f.
const VECTOR_UUID = '07060504-0302-0100-0f0e-0d0c0b0a0908';
const VECTOR_ID = '000102030405060708090a0b0c0d0e0f' as SeriesId;
const UUID = '3b241101-e2bb-4255-8caf-4136c566a962';
const id = (n: number) => n.toString(16).padStart(32, '0') as SeriesId;

describe('plasma subscription znodes (reference §8.2)', () => {
  it('names a node 0.<uuid>.<topic>.<byteOffset>.<SipHash keyed with the uuid halves, as Long.toHexString>', () => {
    const [node] = subscriptionZnodes('plasmafe1', new Set([VECTOR_ID]), VECTOR_UUID, 100_000);
    expect(node.name).toBe(`0.${VECTOR_UUID}.plasmafe1.0.3f2acc7f57c29bdb`);
    expect(node.data.toString('hex')).toBe(VECTOR_ID);
  });

  it('cuts the concatenated ids into nodes of whole ids, named by their byte offset', () => {
    const series = new Set(Array.from({ length: 25 }, (_, i) => id(i + 1)));
    const nodes = subscriptionZnodes('fe', series, UUID, 170);
    expect(nodes.map((n) => n.name.split('.')[3])).toEqual(['0', '160', '320']);
    expect(nodes.map((n) => n.data.length)).toEqual([160, 160, 80]);
    const back = nodes.flatMap((n) => subscriptionZnodeSeries(parseSubscriptionZnodeName(n.name)!, n.data)!);
    expect(back).toEqual([...series]);
  });

  it('publishes no node for an empty set', () => {
    expect(subscriptionZnodes('fe', new Set(), UUID, 1600)).toEqual([]);
  });

  it.each([
    ['a hash without leading zeros', `0.${UUID}.fe.16.abc`, { uuid: UUID, topic: 'fe', offset: 16, hash: 0xabcn }],
    ['a topic with dots', `0.${UUID}.plasma.fe.1.0.ffffffffffffffff`, { uuid: UUID, topic: 'plasma.fe.1', offset: 0, hash: 0xffffffffffffffffn }],
  ])('reads back a name with %s', (_what, name, expected) => {
    expect(parseSubscriptionZnodeName(name)).toEqual(expected);
  });

  it.each([
    ['another layout version', `1.${UUID}.fe.0.abc`],
    ['no uuid', '0.fe.0.abc'],
    ['a bad uuid', `0.${UUID.replace('3b', 'zz')}.fe.0.abc`],
    ['no topic', `0.${UUID}.0.abc`],
    ['a non-numeric offset', `0.${UUID}.fe.x.abc`],
    ['a non-hex hash', `0.${UUID}.fe.0.xyz`],
    ['a hash over 64 bits', `0.${UUID}.fe.0.1ffffffffffffffff`],
  ])('rejects a name with %s', (_what, name) => {
    expect(parseSubscriptionZnodeName(name)).toBeUndefined();
  });

  it.each([
    ['a flipped byte', (d: Buffer) => Buffer.concat([Buffer.from([d[0] ^ 1]), d.subarray(1)])],
    ['a truncated id', (d: Buffer) => d.subarray(0, d.length - 1)],
    ['an id added', (d: Buffer) => Buffer.concat([d, Buffer.from(id(99), 'hex')])],
  ])('refuses data with %s (hash check)', (_what, corrupt) => {
    const [node] = subscriptionZnodes('fe', new Set([id(1), id(2)]), UUID, 1600);
    const name = parseSubscriptionZnodeName(node.name)!;
    expect(subscriptionZnodeSeries(name, node.data)).toEqual([id(1), id(2)]);
    expect(subscriptionZnodeSeries(name, corrupt(node.data))).toBeUndefined();
  });

  it('aligns the node size on whole ids and refuses one that holds none', () => {
    expect(alignedZnodeSize(100_000)).toBe(100_000);
    expect(alignedZnodeSize(47)).toBe(32);
    expect(() => alignedZnodeSize(15)).toThrow(/holds no 16-byte series id/);
  });

  it.each(['', 'a/b', '..', 'é'])('refuses front end topic %p', (topic) => {
    expect(() => checkFrontEndTopic(topic)).toThrow(/not a Kafka topic name/);
  });

  it('marks a publication with <topic>.<ms>', () => {
    expect(publishedMarker('fe', 1234).toString()).toBe('fe.1234');
  });
});
