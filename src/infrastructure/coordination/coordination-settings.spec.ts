import { ValidationError } from '../../../domain/errors.js';
import { DIRECTORY_SERVICE } from '../../../domain/ports/directory-shards.js';
import { Config } from '../../config/config.js';
import { cellServicesPath, directoryAnnouncement, discoveryLocationOf, registerDirectory } from './coordination-settings.js';
import { InMemoryCoordination } from './in-memory-discovery.js';

function configOf(values: Record<string, string> = {}): Config {
  return new Config(new Map(Object.entries(values).map(([k, value]) => [k, { value, origin: 'test' }])), '/nonexistent');
}

describe('coordination settings', () => {
  it.each([
    ['prod', '/zk/warp/prod/services'],
    ['localhost', '/zk/warp/localhost/services'],
  ])('puts the services of cell %s under %s, as the seed lays them out', (cell, path) => {
    expect(cellServicesPath(cell)).toBe(path);
  });

  it.each(['', 'a/b', '.', '..'])('refuses cell name %j', (cell) => {
    expect(() => cellServicesPath(cell)).toThrow(ValidationError);
  });

  it('reads directory.zk.quorum and directory.zk.znode, options winning', () => {
    expect(discoveryLocationOf(configOf())).toEqual({ quorum: '127.0.0.1:2181', basePath: '/zk/warp/localhost/services' });
    const config = configOf({ 'directory.zk.quorum': 'zk1:2181,zk2:2181', 'directory.zk.znode': '/zk/warp/prod/services' });
    expect(discoveryLocationOf(config)).toEqual({ quorum: 'zk1:2181,zk2:2181', basePath: '/zk/warp/prod/services' });
    expect(discoveryLocationOf(config, { quorum: 'other:1' })).toEqual({ quorum: 'other:1', basePath: '/zk/warp/prod/services' });
    expect(() => discoveryLocationOf(configOf({ 'directory.zk.znode': 'zk/warp' }))).toThrow(ValidationError);
  });

  it('announces a directory with its address, port, shard and streaming port', () => {
    const config = configOf({ 'directory.host': '10.1.2.3', 'directory.port': '9883', 'directory.streaming.port': '9885', 'directory.partition': '4:3' });
    expect(directoryAnnouncement(config)).toEqual({
      name: DIRECTORY_SERVICE,
      address: '10.1.2.3',
      port: 9883,
      payload: expect.objectContaining({ modulus: '4', remainder: '3', 'streaming.port': '9885' }),
    });
    expect(directoryAnnouncement(config, { streamingPort: 40000 }).payload['streaming.port']).toBe('40000');
    expect(() => directoryAnnouncement(configOf({ 'directory.partition': '2:2' }))).toThrow(ValidationError);
  });

  it('registers a directory only when directory.register is true', async () => {
    const cell = new InMemoryCoordination();
    const member = cell.open();
    expect(await registerDirectory(member, configOf({ 'directory.register': 'false' }))).toBeUndefined();
    expect(cell.members(DIRECTORY_SERVICE)).toEqual([]);
    const registration = await registerDirectory(member, configOf());
    expect(cell.members(DIRECTORY_SERVICE)).toEqual([registration!.instance]);
    expect(registration!.instance.payload).toMatchObject({ modulus: '1', remainder: '0', 'streaming.port': '8885' });
    await member.close();
  });
});
