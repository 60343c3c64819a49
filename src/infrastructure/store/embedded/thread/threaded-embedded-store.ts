import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Checkpoint } from '../../../../../domain/ports/checkpoint.js';
import type { CheckpointCommit, CheckpointStore } from '../../../../../domain/ports/checkpoint-store.js';
import type { Datapoint } from '../../../../../domain/datapoints/datapoint.js';
import type { PointColumns } from '../../../../../domain/datapoints/point-columns.js';
import type { DatapointStore, DatapointWrite, FetchRange } from '../../../../../domain/ports/datapoint-store.js';
import type { RegistryWrite, SeriesRegistry } from '../../../../../domain/ports/series-registry.js';
import type { Series, SeriesId } from '../../../../../domain/series/series.js';
import { DEFAULT_ENGINE, type EmbeddedEngineName, type EmbeddedStoreOptions } from '../embedded-store.js';
import { unpackColumns, type WireColumns } from './columns-wire.js';
import { StoreThreadClient } from './store-thread.client.js';
import { packWrites } from './write-wire.js';

/** The read models of an embedded store through their ports, wherever the store runs. */
export interface EmbeddedStoreHandle {
  readonly dir: string;
  readonly engine: EmbeddedEngineName;
  readonly datapoints: DatapointStore & Required<Pick<DatapointStore, 'fetchColumns'>> & Pick<DatapointStore, 'fetchColumnsMany'>;
  readonly registry: SeriesRegistry;
  readonly checkpoints: CheckpointStore;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** The threaded store: its datapoints also read many series in one round trip. */
export interface ThreadedEmbeddedStore extends EmbeddedStoreHandle {
  readonly datapoints: EmbeddedStoreHandle['datapoints'] & Required<Pick<DatapointStore, 'fetchColumnsMany'>>;
}

export interface ThreadedEmbeddedStoreOptions extends EmbeddedStoreOptions {
  /** The compiled worker script (default: store-thread.worker.js next to this module, as in dist/). */
  readonly script?: string | URL;
  /** Warm the thread's code up on a scratch store before opening this one (store-warm-up.ts; runtime.warmup). */
  readonly warmUp?: boolean;
}

/** Series per message when the registry is listed (the directory loads it whole at start). */
const REGISTRY_PAGE = 5_000;

/**
 * The embedded store (openEmbeddedStore) opened in a thread of its own, behind the same ports. Applying writes
 * (merging, encoding, LevelDB's writes) and reading blocks then take none of the main thread's time: the
 * standalone cell's main thread parses and logs writes and serves requests while the store applies the log on
 * the other core. Writes cross as chunk bytes and fetched points as columns, in transferred buffers; everything
 * else is small and structured-cloned. Same semantics as the store in-process (the contract suites run on both).
 */
export async function openThreadedEmbeddedStore(dir: string, options: ThreadedEmbeddedStoreOptions = {}): Promise<ThreadedEmbeddedStore> {
  const script = options.script ?? compiledWorkerScript();
  const client = await StoreThreadClient.start(script, { dir, engine: options.engine, mergeSmallBlocks: options.mergeSmallBlocks, warmUp: options.warmUp });
  const fetchColumns = async (series: SeriesId, range: FetchRange): Promise<PointColumns> => unpackColumns(await client.call<WireColumns>('datapoints.fetchColumns', [series, range]));
  return {
    dir,
    engine: options.engine ?? DEFAULT_ENGINE,
    datapoints: {
      apply: (writes: readonly DatapointWrite[], commit?: CheckpointCommit) => {
        const wire = packWrites(writes);
        return client.call('datapoints.apply', [wire, commit], [wire.bytes.buffer as ArrayBuffer]);
      },
      fetchColumns,
      fetchColumnsMany: async (series: readonly SeriesId[], range: FetchRange): Promise<PointColumns[]> =>
        (await client.call<WireColumns[]>('datapoints.fetchColumnsMany', [series, range])).map(unpackColumns),
      fetch: async (series: SeriesId, range: FetchRange): Promise<Datapoint[]> => (await fetchColumns(series, range)).toDatapoints(),
      truncate: () => client.call('datapoints.truncate'),
    },
    registry: {
      apply: (writes: readonly RegistryWrite[], commit?: CheckpointCommit) => client.call('registry.apply', [writes, commit]),
      get: async (id: SeriesId) => ownSeries(await client.call<Series | undefined>('registry.get', [id])),
      all: () => listRegistry(client),
      truncate: () => client.call('registry.truncate'),
    },
    checkpoints: {
      load: async (projection: string) => ownMap(await client.call<Checkpoint | undefined>('checkpoints.load', [projection])),
      store: (commit: CheckpointCommit) => client.call('checkpoints.store', [commit]),
      reset: (projection: string) => client.call('checkpoints.reset', [projection]),
    },
    flush: () => client.call('flush'),
    close: () => client.close(),
  };
}

/**
 * The worker script next to this module (dist/, where the cell runs from). Run from the TypeScript sources (the
 * tests), the thread still needs compiled code: the same path under a `dist/` folder above, when there is one.
 */
function compiledWorkerScript(): URL {
  const here = new URL('./store-thread.worker.js', import.meta.url);
  if (existsSync(here)) return here;
  const path = fileURLToPath(here);
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    const compiled = join(dir, 'dist', relative(dir, path));
    if (existsSync(compiled)) return pathToFileURL(compiled);
  }
  // The Worker then fails naming the path it looked for.
  return here;
}

/** Every series of the registry, a page per message; a listing stopped early is ended in the thread too. */
async function* listRegistry(client: StoreThreadClient): AsyncGenerator<Series> {
  let listing = 0;
  let done = false;
  try {
    while (!done) {
      const page = await client.call<{ listing: number; series: Series[]; done: boolean }>('registry.page', [listing, REGISTRY_PAGE]);
      listing = page.listing;
      done = page.done;
      for (const s of page.series) yield ownSeries(s) as Series;
    }
  } finally {
    if (!done && listing !== 0) await client.call('registry.endPage', [listing]).catch(() => undefined);
  }
}

// Maps come out of structured clone built by the main realm's Map. In a vm context (as under Jest) that is not the
// caller's own Map, and `instanceof Map` must hold there too: such Maps are rebuilt; in the cell nothing is copied.
function ownMap<K, V>(map: ReadonlyMap<K, V> | undefined): Map<K, V> | undefined {
  if (map === undefined || map instanceof Map) return map as Map<K, V> | undefined;
  return new Map(map);
}

function ownSeries(series: Series | undefined): Series | undefined {
  if (series === undefined || (series.labels instanceof Map && series.attributes instanceof Map)) return series;
  return { ...series, labels: new Map(series.labels), attributes: new Map(series.attributes) };
}
