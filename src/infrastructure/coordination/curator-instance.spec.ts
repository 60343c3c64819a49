import type { ServiceInstance } from '../../../domain/ports/service-discovery.js';
import { decodeCuratorInstance, encodeCuratorInstance } from './curator-instance.js';

const instance: ServiceInstance = {
  name: 'com.cityzendata.continuum.directory',
  id: '5c2f6b8e-0d6a-4c1e-9a51-2f0f3f1d2a77',
  address: '10.0.0.7',
  port: 8883,
  registrationTimeUTC: 1700000000123,
  payload: { modulus: '2', remainder: '1', 'streaming.port': '8885' },
};

describe('Curator service instance JSON', () => {
  it('writes the fields Curator writes, in its order, with a typed payload', () => {
    expect(encodeCuratorInstance(instance).toString('utf8')).toBe(
      '{"name":"com.cityzendata.continuum.directory","id":"5c2f6b8e-0d6a-4c1e-9a51-2f0f3f1d2a77","address":"10.0.0.7","port":8883,' +
        '"sslPort":null,"payload":{"@class":"java.util.HashMap","modulus":"2","remainder":"1","streaming.port":"8885"},' +
        '"registrationTimeUTC":1700000000123,"serviceType":"DYNAMIC","uriSpec":null}',
    );
  });

  it('reads back what it writes', () => {
    expect(decodeCuratorInstance(encodeCuratorInstance(instance), 'other')).toEqual(instance);
  });

  it('reads what a Java Warp 10 directory writes (numbers in the payload, enabled, a uriSpec)', () => {
    const java =
      '{"name":"com.cityzendata.continuum.directory","id":"abc","address":"192.168.0.11","port":8883,"sslPort":null,' +
      '"payload":{"@class":"java.util.HashMap","modulus":1,"remainder":0,"thrift.maxframelen":"1000000","nested":{"x":1}},' +
      '"registrationTimeUTC":1400000000000,"serviceType":"DYNAMIC","uriSpec":{"parts":[]},"enabled":true}';
    expect(decodeCuratorInstance(Buffer.from(java), 'abc')).toEqual({
      name: 'com.cityzendata.continuum.directory',
      id: 'abc',
      address: '192.168.0.11',
      port: 8883,
      registrationTimeUTC: 1400000000000,
      payload: { modulus: '1', remainder: '0', 'thrift.maxframelen': '1000000' },
    });
  });

  it.each([
    ['no data', undefined],
    ['empty data', Buffer.alloc(0)],
    ['not JSON', Buffer.from('hello')],
    ['a JSON scalar', Buffer.from('42')],
    ['no name', Buffer.from('{"address":"a","port":1}')],
    ['no port', Buffer.from('{"name":"s","address":"a"}')],
  ])('ignores %s', (_, data) => {
    expect(decodeCuratorInstance(data, 'x')).toBeUndefined();
  });

  it('takes the znode name when the id is missing', () => {
    expect(decodeCuratorInstance(Buffer.from('{"name":"s","address":"a","port":1}'), 'node-1')).toMatchObject({ id: 'node-1', registrationTimeUTC: 0, payload: {} });
  });
});
