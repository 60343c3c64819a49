import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointCommit } from '../../../../../domain/ports/checkpoint-store.js';
import type { FetchRange } from '../../../../../domain/ports/datapoint-store.js';
import type { RegistryWrite } from '../../../../../domain/ports/series-registry.js';
import type { Series, SeriesId } from '../../../../../domain/series/series.js';
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.js';
import { ScanSpace } from '../fetch-scan.js';
import { ColumnsPacker, packColumns } from './columns-wire.js';
import { toWireError, type StoreOp, type StoreReply, type StoreRequest, type StoreThreadData, type StoreThreadReady } from './store-thread.protocol.js';
import { warmUpStore } from './store-warm-up.js';
import { unpackWrites, type WireWrites } from './write-wire.js';

/**
 * The thread that hosts an embedded store (see threaded-embedded-store.ts): opens it from `workerData`, then
 * serves the main thread's requests, each as soon as it comes (the store orders its own writes, exactly as
 * when it is called in-process). `close` closes the store, answers, and lets the thread end.
 */
type Answer = { readonly value: unknown; readonly transfer?: ArrayBuffer[] };
type Handler = (store: EmbeddedStore, args: readonly unknown[], op: string) => Promise<Answer | undefined>;

/** A request the thread does not know (a main thread of another version): answered with an error, not a crash. */
const unknownOp: Handler = async (_store, _args, op) => {
  throw new TypeError(`the embedded store thread has no operation '${op}'`);
};

/** Registry listings in progress, by id: the main thread pages through them. */
const listings = new Map<number, AsyncIterator<Series>>();
let nextListing = 1;

const HANDLERS: Readonly<Record<StoreOp, Handler>> = {
  'datapoints.apply': async (s, [writes, commit]) => void (await s.datapoints.apply(unpackWrites(writes as WireWrites), commit as CheckpointCommit | undefined)),
  'datapoints.fetchColumns': async (s, [series, range]) => {
    const { wire, transfer } = packColumns(await s.datapoints.fetchColumns(series as SeriesId, range as FetchRange));
    return { value: wire, transfer };
  },
  'datapoints.fetchColumnsMany': async (s, [series, range]) => {
    // The series are read in turn in one space, each answer copied into the reply's buffer before the next read:
    // no columns allocated per series (see ScanSpace).
    const ids = series as SeriesId[];
    const space = new ScanSpace();
    const packer = new ColumnsPacker(ids.length);
    for (const id of ids) packer.add(await s.datapoints.fetchColumns(id, range as FetchRange, space));
    const { wires, transfer } = packer.finish();
    return { value: wires, transfer };
  },
  'datapoints.truncate': async (s) => void (await s.datapoints.truncate()),
  'registry.apply': async (s, [writes, commit]) => void (await s.registry.apply(writes as RegistryWrite[], commit as CheckpointCommit | undefined)),
  'registry.get': async (s, [id]) => ({ value: await s.registry.get(id as SeriesId) }),
  'registry.page': async (s, [listing, size]) => {
    let id = listing as number;
    if (id === 0) {
      id = nextListing++;
      listings.set(id, s.registry.all()[Symbol.asyncIterator]());
    }
    const it = listings.get(id);
    if (it === undefined) throw new RangeError(`no registry listing ${id}`);
    const series: Series[] = [];
    while (series.length < (size as number)) {
      const next = await it.next();
      if (next.done) {
        listings.delete(id);
        return { value: { listing: id, series, done: true } };
      }
      series.push(next.value);
    }
    return { value: { listing: id, series, done: false } };
  },
  'registry.endPage': async (_s, [listing]) => {
    const it = listings.get(listing as number);
    listings.delete(listing as number);
    await it?.return?.();
    return undefined;
  },
  'registry.truncate': async (s) => void (await s.registry.truncate()),
  'checkpoints.load': async (s, [projection]) => ({ value: await s.checkpoints.load(projection as string) }),
  'checkpoints.store': async (s, [commit]) => void (await s.checkpoints.store(commit as CheckpointCommit)),
  'checkpoints.reset': async (s, [projection]) => void (await s.checkpoints.reset(projection as string)),
  flush: async (s) => void (await s.flush()),
  close: async (s) => void (await s.close()),
};

async function serve(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('store-thread.worker must run in a worker thread');
  const data = workerData as StoreThreadData;
  const options = { engine: data.engine, mergeSmallBlocks: data.mergeSmallBlocks };
  if (data.warmUp === true) {
    // Before the real store opens: a failed warm-up costs speed only, never the start.
    await warmUpStore(async (dir) => {
      const scratch = await openEmbeddedStore(dir, options);
      return { call: (op, args) => HANDLERS[op](scratch, args, op), close: () => scratch.close() };
    }).catch((error: unknown) => console.warn(`embedded store thread: warm-up skipped: ${(error as Error).message}`));
  }
  let store: EmbeddedStore;
  try {
    store = await openEmbeddedStore(data.dir, options);
  } catch (error) {
    port.postMessage({ ready: false, error: toWireError(error) } satisfies StoreThreadReady);
    port.close();
    return;
  }
  port.on('message', (request: StoreRequest) => {
    const handler = Object.hasOwn(HANDLERS, request.op) ? HANDLERS[request.op] : unknownOp;
    handler(store, request.args, request.op).then(
      (answer) => {
        port.postMessage({ id: request.id, ok: true, value: answer?.value } satisfies StoreReply, answer?.transfer ?? []);
        if (request.op === 'close') port.close();
      },
      (error: unknown) => port.postMessage({ id: request.id, ok: false, error: toWireError(error) } satisfies StoreReply),
    );
  });
  port.postMessage({ ready: true } satisfies StoreThreadReady);
}

void serve();
