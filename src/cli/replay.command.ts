import { SingleBar } from 'cli-progress';
import { DirectoryProjection } from '../../projections/directory/directory.projection.js';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { ProjectionRunner, type ReplayProgress } from '../../projections/runner.js';
import { StoreProjection } from '../../projections/store/store.projection.js';
import { loadConfig } from '../config/config.loader.js';
import { applyHeapGrowth } from './heap-growth.js';
import { openStandaloneResources, type StandaloneResources } from './wiring.js';

export interface ReplayOptions {
  readonly dataDir?: string;
  readonly config?: string;
}

/** Records of the log the projection has applied, out of those present when the replay started. */
function progressOf(p: ReplayProgress): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const [partition, end] of p.target) {
    total += end;
    done += Math.min(end, p.applied.get(partition) ?? 0);
  }
  return { done, total };
}

/**
 * `continuum replay <projection>`: rebuilds a read model from the beginning of the log — truncates it,
 * resets its checkpoint, runs to the log's end — with a progress bar, and reports points per second.
 * The cell must be stopped (the store is held by one process at a time).
 */
export async function replayCommand(name: string, options: ReplayOptions): Promise<void> {
  if (name !== 'store' && name !== 'directory') throw new Error(`cannot replay '${name}': projections are store and directory`);
  const { config } = loadConfig({ dataDir: options.dataDir, configFile: options.config });
  applyHeapGrowth(config);
  const resources = await openStandaloneResources(config);
  try {
    const stats = name === 'store' ? await replay(resources, new StoreProjection({ store: resources.store.datapoints, checkpoints: resources.store.checkpoints }), 'data') : await replay(resources, new DirectoryProjection({ registry: resources.store.registry, checkpoints: resources.store.checkpoints }), 'metadata');
    const seconds = Math.max(stats.ms, 1) / 1000;
    console.log(`replayed ${name}: ${stats.records} records, ${stats.points} points in ${seconds.toFixed(2)} s (${Math.round(stats.points / seconds)} points/s)`);
  } finally {
    await resources.close();
  }
}

async function replay<T extends 'data' | 'metadata'>(resources: StandaloneResources, projection: ProjectionDefinition<T>, topic: T) {
  await projection.truncate();
  const bar = new SingleBar({ format: `replay ${projection.name} [{bar}] {percentage}% | {value}/{total} records | {points} points`, noTTYOutput: true, notTTYSchedule: 2000 });
  bar.start(1, 0, { points: 0 });
  try {
    return await new ProjectionRunner(projection, resources.log.source(topic)).runToEnd((p) => {
      const { done, total } = progressOf(p);
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { points: p.points });
    });
  } finally {
    bar.stop();
  }
}
