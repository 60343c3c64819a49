import { ConflictError, ValidationError } from '../../domain/errors.js';
import type { ServiceAnnouncement, ServiceDiscovery, ServiceInstance } from '../../domain/ports/service-discovery.js';
import { eventually } from '../harness/eventually.js';

/** One cell for one test: fresh, sharing nothing with other tests' cells. */
export interface DiscoveryCell {
  /** A new member process of the cell, with its own session. */
  join(): Promise<ServiceDiscovery>;
  /** The member's process dies: its session ends without it unregistering anything. */
  crash(member: ServiceDiscovery): Promise<void>;
  /** The coordination service expires the member's session while its process lives on. */
  expire(member: ServiceDiscovery): Promise<void>;
  /** Closes every member still open and forgets the cell. */
  close(): Promise<void>;
}

export interface DiscoveryFactory {
  cell(): Promise<DiscoveryCell>;
}

const DIRECTORY = 'com.cityzendata.continuum.directory';

function directory(n: number, extra: Partial<ServiceAnnouncement> = {}): ServiceAnnouncement {
  return { name: DIRECTORY, address: `10.0.0.${n}`, port: 8883, payload: { modulus: '1', remainder: '0', 'streaming.port': String(8885 + n) }, ...extra };
}

const ids = (members: readonly ServiceInstance[]) => members.map((m) => m.id).sort();

/** Records every notification of a watch, for assertions on what watchers were told. */
function recorder() {
  const calls: (readonly ServiceInstance[])[] = [];
  return { calls, onChange: (m: readonly ServiceInstance[]) => calls.push(m), last: () => ids(calls[calls.length - 1] ?? []) };
}

/** Waits long enough for ZooKeeper or memory to have delivered any notification (bounded polling, no sleep). */
async function settled(d: ServiceDiscovery, service: string, expectedIds: string[]): Promise<void> {
  await eventually(async () => expect(ids(await d.members(service))).toEqual(expectedIds.sort()), { attempts: 100, intervalMs: 50 });
}

/**
 * The behaviour every ServiceDiscovery adapter (memory, ZooKeeper) must show: what `domain/ports/service-discovery.ts`
 * promises — visibility to the whole cell, watches with full lists, death of a member, and survival of a session expiry.
 */
export function testServiceDiscoveryContract(factory: DiscoveryFactory): void {
  let cell: DiscoveryCell;
  beforeEach(async () => {
    cell = await factory.cell();
  });
  afterEach(async () => {
    await cell.close();
  });

  it('shows a registered instance to every member of the cell, as announced', async () => {
    const [a, b] = [await cell.join(), await cell.join()];
    const before = Date.now();
    const { instance } = await a.register(directory(1));
    expect(instance).toMatchObject({ name: DIRECTORY, address: '10.0.0.1', port: 8883, payload: { modulus: '1', remainder: '0', 'streaming.port': '8886' } });
    expect(instance.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(instance.registrationTimeUTC).toBeGreaterThanOrEqual(before);
    expect(instance.registrationTimeUTC).toBeLessThanOrEqual(Date.now());
    expect(await b.members(DIRECTORY)).toEqual([instance]);
    expect(await a.members(DIRECTORY)).toEqual([instance]);
  });

  it('keeps a given id and registration time, and gives each instance its own id otherwise', async () => {
    const a = await cell.join();
    const given = await a.register(directory(1, { id: 'dir-1', registrationTimeUTC: 1234 }));
    const other = await a.register(directory(2));
    const third = await a.register(directory(3));
    expect(given.instance).toMatchObject({ id: 'dir-1', registrationTimeUTC: 1234 });
    expect(new Set([given.instance.id, other.instance.id, third.instance.id]).size).toBe(3);
  });

  it('lists the instances of one service only, and the services of the cell', async () => {
    const a = await cell.join();
    const d = await a.register(directory(1));
    const e = await a.register({ name: 'egress', address: '10.0.0.9', port: 8881, payload: {} });
    expect(ids(await a.members(DIRECTORY))).toEqual([d.instance.id]);
    expect(ids(await a.members('egress'))).toEqual([e.instance.id]);
    expect(await a.members('unknown')).toEqual([]);
    expect([...(await a.services())].sort()).toEqual(['egress', DIRECTORY].sort());
  });

  it('withdraws an unregistered instance, unregistering twice being harmless', async () => {
    const [a, b] = [await cell.join(), await cell.join()];
    const one = await a.register(directory(1));
    const two = await a.register(directory(2));
    await one.unregister();
    await one.unregister();
    expect(ids(await b.members(DIRECTORY))).toEqual([two.instance.id]);
  });

  it('withdraws every instance of a member that closes', async () => {
    const [a, b] = [await cell.join(), await cell.join()];
    await a.register(directory(1));
    await a.register(directory(2));
    const kept = await b.register(directory(3));
    await a.close();
    expect(ids(await b.members(DIRECTORY))).toEqual([kept.instance.id]);
  });

  it.each<[string, Partial<ServiceAnnouncement>]>([
    ['an empty service name', { name: '' }],
    ['a service name with a slash', { name: 'a/b' }],
    ['an id with a slash', { id: 'x/y' }],
    ['an empty address', { address: '' }],
    ['a negative port', { port: -1 }],
    ['a port over 65535', { port: 65536 }],
    ['a fractional port', { port: 80.5 }],
  ])('rejects %s with a ValidationError, announcing nothing', async (_, change) => {
    const a = await cell.join();
    await expect(a.register(directory(1, change))).rejects.toBeInstanceOf(ValidationError);
    expect(await a.members(DIRECTORY)).toEqual([]);
  });

  it('rejects an id already registered for the service, by another member or the same one', async () => {
    const [a, b] = [await cell.join(), await cell.join()];
    await a.register(directory(1, { id: 'taken' }));
    await expect(b.register(directory(2, { id: 'taken' }))).rejects.toBeInstanceOf(ConflictError);
    await expect(a.register(directory(3, { id: 'taken' }))).rejects.toBeInstanceOf(ConflictError);
    expect(await b.members(DIRECTORY)).toEqual([expect.objectContaining({ id: 'taken', address: '10.0.0.1' })]);
  });

  it('tells a watch the current members before it resolves', async () => {
    const [a, b] = [await cell.join(), await cell.join()];
    const one = await a.register(directory(1));
    const r = recorder();
    const watch = await b.watch(DIRECTORY, r.onChange);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]).toEqual([one.instance]);
    expect(watch.members()).toEqual([one.instance]);
    const empty = recorder();
    const none = await b.watch('nobody', empty.onChange);
    expect(empty.calls).toEqual([[]]);
    expect(none.members()).toEqual([]);
  });

  it('tells a watch of arrivals and departures, with the full list each time', async () => {
    const [a, b, c] = [await cell.join(), await cell.join(), await cell.join()];
    const r = recorder();
    const watch = await c.watch(DIRECTORY, r.onChange);
    const one = await a.register(directory(1));
    await eventually(() => expect(r.last()).toEqual([one.instance.id]), { attempts: 100, intervalMs: 50 });
    const two = await b.register(directory(2));
    await eventually(() => expect(r.last()).toEqual(ids([one.instance, two.instance])), { attempts: 100, intervalMs: 50 });
    await one.unregister();
    await eventually(() => expect(r.last()).toEqual([two.instance.id]), { attempts: 100, intervalMs: 50 });
    expect(watch.members()).toEqual([two.instance]);
    // Every notification is a full list, and consecutive ones differ.
    for (let i = 1; i < r.calls.length; i++) expect(ids(r.calls[i])).not.toEqual(ids(r.calls[i - 1]));
  });

  it('tells a watch of the first instance of a service that had none', async () => {
    const [a, b] = [await cell.join(), await cell.join()];
    const r = recorder();
    await b.watch('late', r.onChange);
    const { instance } = await a.register({ name: 'late', address: 'h', port: 1, payload: {} });
    await eventually(() => expect(r.calls[r.calls.length - 1]).toEqual([instance]), { attempts: 100, intervalMs: 50 });
  });

  it('tells a closed watch nothing more', async () => {
    const [a, b] = [await cell.join(), await cell.join()];
    const closed = recorder();
    const open = recorder();
    const watch = await b.watch(DIRECTORY, closed.onChange);
    await b.watch(DIRECTORY, open.onChange);
    watch.close();
    const one = await a.register(directory(1));
    await eventually(() => expect(open.last()).toEqual([one.instance.id]), { attempts: 100, intervalMs: 50 });
    expect(closed.calls).toEqual([[]]);
  });

  it('removes the instances of a member that dies, and watchers are told', async () => {
    const [a, b, c] = [await cell.join(), await cell.join(), await cell.join()];
    await a.register(directory(1));
    const survivor = await b.register(directory(2));
    const r = recorder();
    await c.watch(DIRECTORY, r.onChange);
    expect(r.calls[0]).toHaveLength(2);
    await cell.crash(a);
    await eventually(() => expect(r.last()).toEqual([survivor.instance.id]), { attempts: 100, intervalMs: 50 });
    expect(ids(await c.members(DIRECTORY))).toEqual([survivor.instance.id]);
  });

  it('announces its instances again, same id and data, after its session expired', async () => {
    const [a, b] = [await cell.join(), await cell.join()];
    const one = await a.register(directory(1));
    const two = await a.register(directory(2));
    const r = recorder();
    await b.watch(DIRECTORY, r.onChange);
    await cell.expire(a);
    await settled(b, DIRECTORY, [one.instance.id, two.instance.id]);
    expect(await b.members(DIRECTORY)).toEqual(expect.arrayContaining([one.instance, two.instance]));
    // Unregistering still works on the new session.
    await one.unregister();
    await settled(b, DIRECTORY, [two.instance.id]);
    await eventually(() => expect(r.last()).toEqual([two.instance.id]), { attempts: 100, intervalMs: 50 });
  });

  it('keeps its watches working after its session expired', async () => {
    const [a, b] = [await cell.join(), await cell.join()];
    const r = recorder();
    const watch = await a.watch(DIRECTORY, r.onChange);
    const mine = await a.register(directory(1));
    await eventually(() => expect(r.last()).toEqual([mine.instance.id]), { attempts: 100, intervalMs: 50 });
    await cell.expire(a);
    await settled(b, DIRECTORY, [mine.instance.id]);
    // Changes made after the expiry reach the watch set up before it.
    const other = await b.register(directory(2));
    await eventually(() => expect(r.last()).toEqual(ids([mine.instance, other.instance])), { attempts: 100, intervalMs: 50 });
    await other.unregister();
    await eventually(() => expect(r.last()).toEqual([mine.instance.id]), { attempts: 100, intervalMs: 50 });
    expect(ids(watch.members())).toEqual([mine.instance.id]);
  });

  it('does not announce again an instance unregistered before its session expired', async () => {
    const [a, b] = [await cell.join(), await cell.join()];
    const gone = await a.register(directory(1));
    const kept = await a.register(directory(2));
    await gone.unregister();
    await cell.expire(a);
    await settled(b, DIRECTORY, [kept.instance.id]);
    expect(ids(await a.members(DIRECTORY))).toEqual([kept.instance.id]);
  });
}
