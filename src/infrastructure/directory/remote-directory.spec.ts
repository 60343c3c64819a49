import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { covers, type Checkpoint } from '../../../domain/ports/checkpoint.js';
import { DIRECTORY_SERVICE, directoryPayload, ownsSeries } from '../../../domain/ports/directory-shards.js';
import { parseSelector } from '../../../domain/series/selector.js';
import { seriesIdFromHex, type Series } from '../../../domain/series/series.js';
import { DirectoryIndex } from '../../../projections/directory/directory-index.js';
import { IndexSeriesFinder } from '../../../projections/directory/index-series-finder.js';
import { InMemoryCoordination, type InMemoryServiceDiscovery } from '../coordination/in-memory-discovery.js';
import { directoryAnswer } from './directory-answer.js';
import { DirectoryRequestError, DirectoryUnavailableError } from './directory-http-client.js';
import { DIRECTORY_SIGNATURE_HEADER, DirectorySigner } from './directory-signature.js';
import { decodeAppliedRequest, DIRECTORY_APPLIED_PATH, encodeAppliedAnswer } from './directory-wire.js';
import { RemoteDirectory } from './remote-directory.js';

type Mode = 'ok' | 'cut' | 'error' | 'reset-once';

/** A directory instance over HTTP, as the directory component serves it, with failure modes. */
interface FakeInstance {
  readonly index: DirectoryIndex;
  readonly port: number;
  mode: Mode;
  applied: Checkpoint;
  finds: number;
  close(): Promise<void>;
}

async function fakeInstance(signer?: DirectorySigner): Promise<FakeInstance> {
  const index = new DirectoryIndex();
  const state = { mode: 'ok' as Mode, applied: new Map() as Checkpoint, finds: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      void (async () => {
        try {
          signer?.verify(req.headers[DIRECTORY_SIGNATURE_HEADER.toLowerCase()] as string | undefined, req.url!, body, Date.now());
        } catch (error) {
          res.writeHead(403).end((error as Error).message);
          return;
        }
        if (req.url === DIRECTORY_APPLIED_PATH) {
          const { position } = decodeAppliedRequest(body);
          res.writeHead(200).end(encodeAppliedAnswer(covers(state.applied, position), state.applied));
          return;
        }
        state.finds++;
        if (state.mode === 'error') return void res.writeHead(500).end('boom');
        if (state.mode === 'reset-once') {
          state.mode = 'ok';
          return void req.socket.destroy();
        }
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        for await (const piece of await directoryAnswer(body, new IndexSeriesFinder(index))) {
          // Cut short: half of the first piece, then the connection drops.
          if (state.mode === 'cut') return void res.socket?.destroy(res.write(piece.slice(0, piece.length >> 1)) as never);
          res.write(piece);
        }
        res.end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    index,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as FakeInstance;
}

function series(n: number, className: string, host: string): Series {
  // labelsId MSB = n, so that the shard of modulus m is n % m.
  const hex = `${'0'.repeat(15)}1${n.toString(16).padStart(2, '0')}${'0'.repeat(14)}`;
  return { id: seriesIdFromHex(hex), className, labels: new Map([['host', host]]), attributes: new Map() };
}

const ALL = Array.from({ length: 40 }, (_, n) => series(n, ['cpu', 'mem'][n % 2], `h${(n * 7) % 13}`));
const ANY = [parseSelector('~.*{}', { absentLabelSupport: true })];

describe('RemoteDirectory (finds routed to the directory shards of a cell)', () => {
  const instances: FakeInstance[] = [];
  let coordination: InMemoryCoordination;
  let members: InMemoryServiceDiscovery[];
  let client: RemoteDirectory | undefined;
  let warnings: string[];

  beforeEach(() => {
    coordination = new InMemoryCoordination();
    members = [];
    warnings = [];
  });

  afterEach(async () => {
    client?.close();
    client = undefined;
    await Promise.all(instances.splice(0).map((i) => i.close()));
    await Promise.all(members.map((m) => m.close()));
  });

  /** An instance holding shard `m:r` of ALL, announced in the cell. */
  async function announce(modulus: number, remainder: number, signer?: DirectorySigner): Promise<FakeInstance> {
    const instance = await fakeInstance(signer);
    instances.push(instance);
    for (const s of ALL) if (ownsSeries({ modulus, remainder }, s.id)) instance.index.upsert(s);
    const member = coordination.open();
    members.push(member);
    await member.register({ name: DIRECTORY_SERVICE, address: '127.0.0.1', port: 8883, payload: directoryPayload({ modulus, remainder }, instance.port) });
    return instance;
  }

  async function open(signer?: DirectorySigner): Promise<RemoteDirectory> {
    const discovery = coordination.open();
    members.push(discovery);
    client = await RemoteDirectory.open({ discovery, signer, log: (m) => warnings.push(m), requestTimeoutMs: 5000 });
    return client;
  }

  function whole(): string[] {
    const index = new DirectoryIndex();
    for (const s of ALL) index.upsert(s);
    return index.find(ANY).map((s) => s.id);
  }

  it('asks one instance per remainder and merges the answers in directory order', async () => {
    const shards = [await announce(3, 0), await announce(3, 1), await announce(3, 2)];
    const found = await (await open()).find(ANY);
    expect(found.map((s) => s.id)).toEqual(whole());
    expect(shards.map((s) => s.finds)).toEqual([1, 1, 1]);
    expect(found[0]).toEqual(ALL.find((s) => s.id === found[0].id));
  });

  it.each<[string, (i: FakeInstance) => Promise<void> | void]>([
    ['is down but still announced', (i) => i.close()],
    ['cuts its answer short', (i) => void (i.mode = 'cut')],
    ['answers 500', (i) => void (i.mode = 'error')],
  ])('routes around a replica that %s', async (_, breakIt) => {
    const [a, b] = [await announce(1, 0), await announce(1, 0)];
    const remote = await open();
    await breakIt(a);
    // Replicas are chosen at random: find until the broken one was chosen at least once (2^-40 odds of not).
    let finds = 0;
    while (finds < 3 || (warnings.length === 0 && finds < 40)) {
      expect((await remote.find(ANY)).map((s) => s.id)).toEqual(whole());
      finds++;
    }
    expect(warnings.length).toBeGreaterThan(0);
    expect(b.finds).toBe(finds);
  });

  it('asks an instance once more when it closed the connection under the request (a stale kept-alive one)', async () => {
    const only = await announce(1, 0);
    const remote = await open();
    only.mode = 'reset-once';
    expect((await remote.find(ANY)).map((s) => s.id)).toEqual(whole());
    expect(only.finds).toBe(2);
    expect(warnings).toEqual([]);
  });

  it('fails with a retriable 503 error when a shard has no live instance left', async () => {
    const [, lonely] = [await announce(2, 0), await announce(2, 1)];
    const remote = await open();
    await lonely.close();
    const error = await remote.find(ANY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryUnavailableError);
    expect(error).toMatchObject({ retriable: true, code: 'UNAVAILABLE', message: expect.stringContaining('no complete set of directory shards answered') });
  });

  it('fails with a retriable error when no directory is announced', async () => {
    await expect((await open()).find(ANY)).rejects.toMatchObject({ retriable: true, message: expect.stringContaining('no complete set of directory shards is announced') });
  });

  it('signs requests with directory.psk; an instance with another key refuses (403) and nothing is retried', async () => {
    const shared = new DirectorySigner(new Uint8Array(16).fill(1), 60_000);
    await announce(1, 0, shared);
    expect(await (await open(shared)).find(ANY)).toHaveLength(ALL.length);
    client!.close();
    const other = await open(new DirectorySigner(new Uint8Array(16).fill(2), 60_000));
    await expect(other.find(ANY)).rejects.toBeInstanceOf(DirectoryRequestError);
  });

  it('gets a series by id from the shard that owns it only', async () => {
    const shards = [await announce(2, 0), await announce(2, 1)];
    const remote = await open();
    const wanted = ALL[5];
    expect(await remote.get(wanted.id)).toEqual(wanted);
    expect(shards.map((s) => s.finds)).toEqual([0, 1]);
    expect(await remote.get(seriesIdFromHex('ffffffffffffffff0200000000000000'))).toBeUndefined();
  });

  it('waits for every announced instance to have applied a metadata position', async () => {
    const [a, b] = [await announce(1, 0), await announce(1, 0)];
    const remote = await open();
    a.applied = new Map([[0, 10]]);
    b.applied = new Map([[0, 4]]);
    expect(await remote.waitApplied(new Map([[0, 4]]), 100)).toBe(true);
    expect(await remote.waitApplied(new Map([[0, 5]]), 100)).toBe(false);
    expect(await remote.waitApplied(new Map(), 100)).toBe(true);
    await b.close();
    expect(await remote.waitApplied(new Map([[0, 5]]), 100)).toBe(true);
  });
});
