/**
 * Store-engine benchmark: the embedded store's block layout and adapter code (src/infrastructure/store/
 * embedded) written through LMDB and through LevelDB, on generated W1-like and W3-like workloads
 * (bench/store-engines/workloads.ts). Each (engine, workload) runs in its own child process so that
 * peak RSS is its own. Figures and the decision they led to: src/infrastructure/store/embedded/ENGINE.md.
 *
 *   node scripts/build.mjs && node dist/bench/store-engines.js [workload-name …]
 *     [--engines=lmdb,leveldb] [--merge=on,off] [--rounds=N]
 * (--merge: small-block merging of the datapoint store, on by default; --rounds: medians over N runs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_TS, MIN_TS } from '../domain/datapoints/datapoint.js';
import type { SeriesId } from '../domain/series/series.js';
import { openEmbeddedStore, type EmbeddedEngineName, type EmbeddedStore } from '../src/infrastructure/store/embedded/embedded-store.js';
import { packWrites, unpackWrites } from '../src/infrastructure/store/embedded/thread/write-wire.js';
import { batchesOf, seriesOf, STEP, T0, WORKLOADS, type Workload } from './store-engines/workloads.js';

interface Result {
  engine: EmbeddedEngineName;
  merge: boolean;
  workload: string;
  points: number;
  writeMs: number;
  writeCpuMs: number;
  pointsPerSec: number;
  bytesOnDisk: number;
  bytesPerPoint: number;
  q1P50Ms: number;
  q1CpuP50Ms: number;
  q2P50Ms: number;
  q2CpuP50Ms: number;
  peakRssMb: number;
}

const Q1_REPS = 30;
const Q2_REPS = 20;
const Q2_SERIES = 100;

/** Disk usage as `du` counts it (allocated blocks), summed over the directory. */
function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? diskBytes(path) : statSync(path).blocks * 512;
  }
  return total;
}

/** Wall and CPU (all threads of the process: engine workers included) milliseconds of one call. */
async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await f();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

function p50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Applies the workload's batches, each with its checkpoint commit as the store projection would. Each batch is
 * shipped as the store thread receives it (write-wire.ts: puts carry their chunks, points decoded only if read):
 * the figures are the store thread's write path.
 */
async function ingest(store: EmbeddedStore, w: Workload, ids: readonly SeriesId[]): Promise<{ ms: number; cpuMs: number }> {
  let ms = 0;
  let cpuMs = 0;
  let offset = 0;
  // Generated and packed before the timing (their garbage collected too), so that it measures the apply alone.
  const shipped = Array.from(batchesOf(w, ids), (batch) => packWrites(batch));
  globalThis.gc?.();
  for (const wire of shipped) {
    const writes = unpackWrites(wire);
    offset += writes.length;
    const t = await timed(() => store.datapoints.apply(writes, { projection: 'store', checkpoint: new Map([[0, offset]]) }));
    ms += t.ms;
    cpuMs += t.cpuMs;
  }
  return { ms, cpuMs };
}

/** q1: one series, its full range (each rep another series). */
async function q1(store: EmbeddedStore, w: Workload, ids: readonly SeriesId[]): Promise<{ ms: number; cpuMs: number }> {
  const ms: number[] = [];
  const cpuMs: number[] = [];
  for (let rep = 0; rep < Q1_REPS; rep++) {
    const t = await timed(() => store.datapoints.fetch(ids[(rep * 7) % ids.length], { start: MIN_TS, end: MAX_TS }));
    ms.push(t.ms);
    cpuMs.push(t.cpuMs);
    if (t.value.length !== w.points) throw new Error(`q1 returned ${t.value.length} points, expected ${w.points}`);
  }
  return { ms: p50(ms), cpuMs: p50(cpuMs) };
}

/** q2: 100 series (all of them when fewer), the middle half of the range, fetched concurrently. */
async function q2(store: EmbeddedStore, w: Workload, ids: readonly SeriesId[]): Promise<{ ms: number; cpuMs: number }> {
  const chosen = ids.slice(0, Math.min(Q2_SERIES, ids.length));
  const range = { start: T0 + BigInt(w.points / 4) * STEP, end: T0 + BigInt((3 * w.points) / 4) * STEP - 1n };
  const ms: number[] = [];
  const cpuMs: number[] = [];
  for (let rep = 0; rep < Q2_REPS; rep++) {
    const t = await timed(() => Promise.all(chosen.map((id) => store.datapoints.fetch(id, range))));
    ms.push(t.ms);
    cpuMs.push(t.cpuMs);
    const total = t.value.reduce((n, pts) => n + pts.length, 0);
    if (total !== (chosen.length * w.points) / 2) throw new Error(`q2 returned ${total} points, expected ${(chosen.length * w.points) / 2}`);
  }
  return { ms: p50(ms), cpuMs: p50(cpuMs) };
}

/** One measurement, in this process (the child side). */
async function runOne(engine: EmbeddedEngineName, w: Workload, merge: boolean): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), `continuum-bench-${engine}-`));
  try {
    const store = await openEmbeddedStore(dir, { engine, mergeSmallBlocks: merge });
    const series = seriesOf(w);
    const ids = series.map((s) => s.id);
    await store.registry.apply(series.map((s) => ({ type: 'upsert', series: s })));
    const write = await ingest(store, w, ids);
    await store.flush();
    const bytesOnDisk = diskBytes(dir);
    const r1 = await q1(store, w, ids);
    const r2 = await q2(store, w, ids);
    await store.close();
    const points = w.series * w.points;
    return {
      engine,
      merge,
      workload: w.name,
      points,
      writeMs: Math.round(write.ms),
      writeCpuMs: Math.round(write.cpuMs),
      pointsPerSec: Math.round(points / (write.ms / 1000)),
      bytesOnDisk,
      bytesPerPoint: bytesOnDisk / points,
      q1P50Ms: r1.ms,
      q1CpuP50Ms: r1.cpuMs,
      q2P50Ms: r2.ms,
      q2CpuP50Ms: r2.cpuMs,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function spawnOne(engine: EmbeddedEngineName, w: Workload, merge: boolean): Result {
  const child = spawnSync(process.execPath, ['--expose-gc', process.argv[1], '--child', engine, w.name, String(merge)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`bench ${engine} ${w.name} failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as Result;
}

/** Per metric, the median over rounds (the machine may be shared: wall times are noisy, CPU less so). */
function median(rounds: readonly Result[]): Result {
  const mid = <K extends keyof Result>(k: K): Result[K] => [...rounds].sort((a, b) => (a[k] as number) - (b[k] as number))[Math.floor(rounds.length / 2)][k];
  const out = { ...rounds[0] };
  for (const k of Object.keys(out) as (keyof Result)[]) if (typeof out[k] === 'number') (out as Record<string, unknown>)[k] = mid(k);
  return out;
}

function table(results: readonly Result[]): string {
  const head = '| workload | engine | merge | write pts/s | write CPU s | bytes/pt | q1 p50 ms (CPU) | q2 p50 ms (CPU) | peak RSS MB |';
  const rule = '|---|---|---|---:|---:|---:|---:|---:|---:|';
  const ms = (wall: number, cpu: number) => `${wall.toFixed(1)} (${cpu.toFixed(1)})`;
  const rows = results.map((r) =>
    [r.workload, r.engine, r.merge ? 'on' : 'off', r.pointsPerSec, (r.writeCpuMs / 1000).toFixed(2), r.bytesPerPoint.toFixed(2), ms(r.q1P50Ms, r.q1CpuP50Ms), ms(r.q2P50Ms, r.q2CpuP50Ms), r.peakRssMb].join(' | '),
  );
  return [head, rule, ...rows.map((row) => `| ${row} |`)].join('\n');
}

async function main(args: string[]): Promise<void> {
  if (args[0] === '--child') {
    const w = WORKLOADS.find((x) => x.name === args[2]);
    if (!w) throw new Error(`unknown workload ${args[2]}`);
    process.stdout.write(`${JSON.stringify(await runOne(args[1] as EmbeddedEngineName, w, args[3] !== 'false'))}\n`);
    return;
  }
  const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const engines = (option('engines')?.split(',') ?? ['lmdb', 'leveldb']) as EmbeddedEngineName[];
  const rounds = Number(option('rounds') ?? 1);
  const merges = (option('merge') ?? 'on').split(',').map((m) => m === 'on');
  const names = args.filter((a) => !a.startsWith('--'));
  const chosen = names.length > 0 ? WORKLOADS.filter((w) => names.includes(w.name)) : WORKLOADS;
  const runs = new Map<string, Result[]>();
  for (let round = 0; round < rounds; round++) {
    for (const w of chosen) {
      for (const [engine, merge] of engines.flatMap((e) => merges.map((m) => [e, m] as const))) {
        const r = spawnOne(engine, w, merge);
        const id = `${w.name} ${engine} ${merge}`;
        runs.set(id, [...(runs.get(id) ?? []), r]);
        console.error(`round ${round + 1}: ${id}: ${r.pointsPerSec} pts/s, ${r.bytesPerPoint.toFixed(2)} B/pt, q1 ${r.q1P50Ms.toFixed(2)} ms, q2 ${r.q2P50Ms.toFixed(2)} ms`);
      }
    }
  }
  console.log(`${rounds} round(s), medians; Node ${process.version}\n`);
  console.log(table([...runs.values()].map(median)));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
