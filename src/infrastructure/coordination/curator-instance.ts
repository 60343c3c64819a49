import type { ServiceInstance } from '../../../domain/ports/service-discovery.js';

/** Java class Curator's Jackson serializer names for a `Map<String,String>` payload (Warp 10 passes a HashMap). */
const PAYLOAD_CLASS = 'java.util.HashMap';

/**
 * The znode data of a service instance, byte for byte the JSON Curator's `JsonInstanceSerializer` writes
 * (reference §12), so that Warp 10 components and Curator tooling reading the same ZooKeeper understand our
 * members and we theirs: fields in Curator's order, `sslPort` null, `serviceType` DYNAMIC (ephemeral), the
 * payload typed with `@class`, `uriSpec` null.
 */
export function encodeCuratorInstance(instance: ServiceInstance): Buffer {
  return Buffer.from(
    JSON.stringify({
      name: instance.name,
      id: instance.id,
      address: instance.address,
      port: instance.port,
      sslPort: null,
      payload: { '@class': PAYLOAD_CLASS, ...instance.payload },
      registrationTimeUTC: instance.registrationTimeUTC,
      serviceType: 'DYNAMIC',
      uriSpec: null,
    }),
    'utf8',
  );
}

/**
 * Reads a service instance written by Curator (ours or a Java process's). Tolerant of what Curator versions
 * differ in (`enabled`, `uriSpec`, numbers or strings in the payload: scalar values are kept as strings, nested
 * ones dropped). Returns undefined for data that is not a service instance (the caller skips that node);
 * `fallbackId` (the znode name) stands in for a missing id.
 */
export function decodeCuratorInstance(data: Uint8Array | undefined, fallbackId: string): ServiceInstance | undefined {
  if (data === undefined || data.length === 0) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  const port = typeof o.port === 'number' ? o.port : typeof o.sslPort === 'number' ? o.sslPort : undefined;
  if (typeof o.name !== 'string' || typeof o.address !== 'string' || port === undefined) return undefined;
  const payload: Record<string, string> = {};
  if (typeof o.payload === 'object' && o.payload !== null) {
    for (const [k, v] of Object.entries(o.payload as Record<string, unknown>)) {
      if (k === '@class') continue;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') payload[k] = String(v);
    }
  }
  return {
    name: o.name,
    id: typeof o.id === 'string' ? o.id : fallbackId,
    address: o.address,
    port,
    registrationTimeUTC: typeof o.registrationTimeUTC === 'number' ? o.registrationTimeUTC : 0,
    payload,
  };
}
