import { ValidationError } from '../errors.js';

/**
 * A live member of the cell, as announced to the others (Warp 10: a Curator `ServiceInstance`, reference §12).
 * `payload` holds the service's own settings as strings, as Warp 10's `Map<String,String>` payload does
 * (a directory: `modulus`, `remainder`, `streaming.port`, `thrift.*`).
 */
export interface ServiceInstance {
  /** Service name, shared by every instance of the service (e.g. `com.cityzendata.continuum.directory`). */
  readonly name: string;
  /** Unique id of this instance (a random UUID), also the name of its znode. */
  readonly id: string;
  /** Address other members reach it on. */
  readonly address: string;
  readonly port: number;
  /** When the instance registered, ms since the epoch (UTC). */
  readonly registrationTimeUTC: number;
  readonly payload: Readonly<Record<string, string>>;
}

/** What a member announces: id and registration time are chosen by `register` when absent. */
export type ServiceAnnouncement = Omit<ServiceInstance, 'id' | 'registrationTimeUTC'> & {
  readonly id?: string;
  readonly registrationTimeUTC?: number;
};

/** This process's registration. The instance stays announced until `unregister`, the adapter's `close`, or death. */
export interface ServiceRegistration {
  readonly instance: ServiceInstance;
  /** Withdraws the instance (it is not re-announced after a session loss either). Idempotent. */
  unregister(): Promise<void>;
}

/** A standing watch of one service's members. */
export interface ServiceWatch {
  /** The members as of the last notification. */
  members(): readonly ServiceInstance[];
  /** Stops notifications. Idempotent. */
  close(): void;
}

/**
 * Membership and discovery of the services of a cell (Warp 10: Curator service discovery over ZooKeeper,
 * reference §12): directory instances announce themselves; egress, ingress and plasma front ends watch them to
 * route their finds.
 *
 * Implementers:
 * - An instance MUST be visible to every client of the cell once `register` has resolved, and MUST vanish when
 *   the registering process dies (ZooKeeper: an ephemeral node that goes with the session).
 * - Registrations and watches are intentions, not one-off calls: when the adapter loses its session and opens
 *   a new one, it MUST announce its registered instances again (same id, same data) and keep every watch
 *   working, notifying the then current members. Callers never re-register.
 * - `watch` MUST call `onChange` once with the current members before it resolves, then after every change
 *   with the full list (never a diff); notifications of one watch never overlap and come in order.
 *   Members come in no particular order.
 * - Errors reaching the coordination service carry a `retriable` flag.
 */
export interface ServiceDiscovery {
  /**
   * Announces an instance; resolves once it is visible. Rejects a malformed instance with a ValidationError
   * (see `announcedInstance`), an id some member already registered under that service with a ConflictError.
   */
  register(instance: ServiceAnnouncement): Promise<ServiceRegistration>;
  /** The live members of a service now (empty when none or unknown). */
  members(service: string): Promise<readonly ServiceInstance[]>;
  /** Names of the services having (or having had) members in the cell. */
  services(): Promise<readonly string[]>;
  watch(service: string, onChange: (members: readonly ServiceInstance[]) => void): Promise<ServiceWatch>;
  /** Withdraws every registration of this adapter and stops its watches. */
  close(): Promise<void>;
}

/**
 * The instance an announcement stands for, checked: a service name and an id usable as znode names (non-empty,
 * no `/`, not `.` or `..`), a non-empty address, a port in [0, 65535]. Absent ids come from `newId` (a random
 * UUID, as Curator's), absent registration times from `nowMs`. Throws ValidationError naming what is wrong.
 */
export function announcedInstance(a: ServiceAnnouncement, nowMs: number, newId: () => string): ServiceInstance {
  const fail = (why: string) => new ValidationError(`cannot register service instance '${a.name}': ${why}`);
  if (!isNodeName(a.name)) throw fail('the service name must be non-empty, without "/", and not "." or ".."');
  const id = a.id ?? newId();
  if (!isNodeName(id)) throw fail(`id '${id}' must be non-empty, without "/", and not "." or ".."`);
  if (a.address.length === 0) throw fail('the address is empty');
  if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw fail(`port ${a.port} is not in [0, 65535]`);
  const registrationTimeUTC = a.registrationTimeUTC ?? nowMs;
  if (!Number.isSafeInteger(registrationTimeUTC) || registrationTimeUTC < 0) throw fail(`registration time ${registrationTimeUTC} is not a time in ms`);
  for (const [k, v] of Object.entries(a.payload)) {
    if (typeof v !== 'string') throw fail(`payload value of '${k}' is not a string`);
  }
  return { name: a.name, id, address: a.address, port: a.port, registrationTimeUTC, payload: { ...a.payload } };
}

function isNodeName(s: string): boolean {
  return s.length > 0 && s !== '.' && s !== '..' && !s.includes('/');
}
