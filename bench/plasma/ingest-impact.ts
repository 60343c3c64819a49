import { readFileSync } from 'node:fs';
import { driveLoad } from '../load/load-driver.js';
import { expectOk, httpCall } from '../load/http.js';
import type { ContinuumServer } from '../servers/continuum-server.js';
import { delay } from '../servers/managed-process.js';
import { median } from '../stats.js';
import { pointsInBatch, type RenderedWorkload } from '../workloads/render.js';
import { labelsOf, METRIC, T0_SECONDS, totalPoints } from '../workloads/workload.js';
import { waitFindable } from './fanout-latency.js';
import { PlasmaSubscriber } from './plasma-subscriber.js';

/**
 * Who listens during a load: nobody (a), one fast session reading every series (b), or the fast one and a stalled
 * one that never reads (c). Issue 5's check compares (c) with (b): what a stalled client costs ingest; (b) with (a)
 * tells what the fan-out itself costs (the fast session's rendering and sending, and its client on the same cores).
 */
export type IngestMode = 'none' | 'fast' | 'stalled';
export const INGEST_MODES: readonly IngestMode[] = ['none', 'fast', 'stalled'];

/** One load of the workload on a fresh cell, with the sessions of its mode. */
export interface IngestRun {
  readonly mode: IngestMode;
  readonly pointsPerSec: number;
  /**
   * The cell's CPU time (all threads: user + system) per loaded point, from the load's first request to its last
   * acknowledgement, in µs: steadier than the rate on a shared machine, and blind to the harness's own work.
   */
  readonly cellCpuUsPerPoint: number;
  /**
   * The same for the cell's main thread alone (the event loop, where ingest, the projections and the plasma
   * fan-out run): blind to the store's background threads (LevelDB compaction), whose share moves from load to
   * load, so it tells what the sessions cost the loop more steadily.
   */
  readonly mainThreadCpuUsPerPoint?: number;
  /** (b, c) Points the fast session received, of `expectedPoints`. */
  readonly fastPoints?: number;
  /** (c) Points the stalled session lost to its bound (its STATS), and received once it read again. */
  readonly stalledDroppedPoints?: number;
  readonly stalledReceivedPoints?: number;
  /** (b, c) Points written while subscribed: the load plus one warm-up point. */
  readonly expectedPoints?: number;
}

/** Medians of the runs of one mode. */
export interface ModeMedians {
  readonly pointsPerSec: number;
  readonly cellCpuUsPerPoint: number;
  /** NaN when the runs did not measure it. */
  readonly mainThreadCpuUsPerPoint: number;
}

/** Issue 5: W1 ingest with no subscriber (a), a fast session (b), a fast and a stalled session (c), interleaved. */
export interface IngestImpactFigures {
  readonly workload: string;
  readonly points: number;
  readonly runs: readonly IngestRun[];
  readonly medians: Readonly<Record<IngestMode, ModeMedians>>;
  /** What the stalled session costs: median ingest rate (c) ÷ (b). */
  readonly stalledRatio: number;
  /** What the fan-out to a fast session costs: median ingest rate (b) ÷ (a). */
  readonly fanoutRatio: number;
  /** Whether the fast session received every point in every (b) and (c) run. */
  readonly fastComplete: boolean;
}

export interface IngestImpactOptions {
  /** Rounds of the three modes (a b c a b c …). */
  readonly pairs: number;
  /** The load driver's concurrent connections (as the workload runs). */
  readonly connections: number;
}

/** Longest wait for the fast session to receive the last points after the load was acknowledged. */
const DELIVERY_TIMEOUT_MS = 120_000;

/**
 * Measures what plasma subscribers cost ingest (issue 5: "a stalled client (never reads) while 1M points are
 * ingested: ingest rate unaffected within noise, the fast subscriber still receives everything"): modes a, b, c
 * (IngestMode) interleaved, `pairs` rounds. Each run loads
 * `rendered` with the bench's load driver on a fresh cell whose series were registered first (one point each,
 * a second before the workload), so that every run starts from the same state and SUBSCRIBE finds them. Before
 * the load, the sessions of the mode subscribe to every series of the class: the fast one counts what it
 * receives, the stalled one never reads (its socket paused). After the load, the fast session must receive every
 * point; then the stalled one reads again and tells its drops (STATS), and what it received and dropped must add
 * up to what was written.
 */
export async function measureIngestImpact(
  server: ContinuumServer,
  rendered: RenderedWorkload,
  options: IngestImpactOptions,
  log: (line: string) => void,
): Promise<IngestImpactFigures> {
  const runs: IngestRun[] = [];
  for (let round = 0; round < options.pairs; round++) {
    for (const mode of INGEST_MODES) {
      const run = await loadOnce(server, rendered, mode, options.connections);
      const fast = run.fastPoints === undefined ? '' : `, fast got ${run.fastPoints}/${run.expectedPoints}`;
      const stalled = run.stalledDroppedPoints === undefined ? '' : `, stalled dropped ${run.stalledDroppedPoints}`;
      const main = run.mainThreadCpuUsPerPoint === undefined ? '' : ` (main thread ${run.mainThreadCpuUsPerPoint.toFixed(2)})`;
      log(`plasma ingest ${mode}: ${Math.round(run.pointsPerSec)} points/s, cell CPU ${run.cellCpuUsPerPoint.toFixed(2)} µs/pt${main}${fast}${stalled}`);
      runs.push(run);
    }
  }
  const medianOf = (mode: IngestMode): ModeMedians => {
    const of = runs.filter((r) => r.mode === mode);
    return {
      pointsPerSec: median(of.map((r) => r.pointsPerSec)),
      cellCpuUsPerPoint: median(of.map((r) => r.cellCpuUsPerPoint)),
      mainThreadCpuUsPerPoint: median(of.map((r) => r.mainThreadCpuUsPerPoint ?? Number.NaN)),
    };
  };
  const medians = { none: medianOf('none'), fast: medianOf('fast'), stalled: medianOf('stalled') };
  return {
    workload: rendered.workload.name,
    points: totalPoints(rendered.workload),
    runs,
    medians,
    stalledRatio: medians.stalled.pointsPerSec / medians.fast.pointsPerSec,
    fanoutRatio: medians.fast.pointsPerSec / medians.none.pointsPerSec,
    fastComplete: runs.every((r) => r.mode === 'none' || r.fastPoints === r.expectedPoints),
  };
}

async function loadOnce(server: ContinuumServer, rendered: RenderedWorkload, mode: IngestMode, connections: number): Promise<IngestRun> {
  const w = rendered.workload;
  try {
    await server.start();
    const target = server.plasmaTarget();
    await write(server, registrationBody(w.series));
    await waitFindable(target, `${METRIC}{host=h${w.series - 1}}`);
    const sessions = mode === 'none' ? undefined : await openSessions(server, mode === 'stalled');
    const pid = server.pid();
    const cpuBefore = cpuMsOf(`/proc/${pid}/stat`);
    const mainBefore = cpuMsOf(`/proc/${pid}/task/${pid}/stat`);
    const load = await driveLoad(server.ingestTarget(), rendered.gts, (b) => pointsInBatch(rendered, b), { connections });
    const cellCpuUsPerPoint = ((cpuMsOf(`/proc/${pid}/stat`) - cpuBefore) * 1000) / load.points;
    const mainThreadCpuUsPerPoint = ((cpuMsOf(`/proc/${pid}/task/${pid}/stat`) - mainBefore) * 1000) / load.points;
    const cpu = { cellCpuUsPerPoint, mainThreadCpuUsPerPoint };
    if (sessions === undefined) return { mode, pointsPerSec: load.pointsPerSec, ...cpu };
    const { fast, stalled } = sessions;
    const expectedPoints = totalPoints(w) + 1; // and the warm-up point
    await until(() => fast.points >= expectedPoints, DELIVERY_TIMEOUT_MS);
    fast.close();
    if (stalled === undefined) return { mode, pointsPerSec: load.pointsPerSec, ...cpu, fastPoints: fast.points, expectedPoints };
    stalled.resume();
    const dropped = (await stalled.stats()).get('dropped.points') ?? Number.NaN;
    await until(() => stalled.points + dropped >= expectedPoints, DELIVERY_TIMEOUT_MS);
    stalled.close();
    return { mode, pointsPerSec: load.pointsPerSec, ...cpu, fastPoints: fast.points, stalledDroppedPoints: dropped, stalledReceivedPoints: stalled.points, expectedPoints };
  } finally {
    await server.destroy();
  }
}

/**
 * Opens the fast session (and the stalled one when asked) on every series of the class, waits until a warm-up
 * point reaches them (the subscriptions are then routed), and pauses the stalled one.
 */
async function openSessions(server: ContinuumServer, withStalled: boolean): Promise<{ fast: PlasmaSubscriber; stalled?: PlasmaSubscriber }> {
  const target = server.plasmaTarget();
  const url = `${target.origin.replace(/^http/, 'ws')}/api/v0/plasma`;
  const fast = await PlasmaSubscriber.counting(url);
  const stalled = withStalled ? await PlasmaSubscriber.counting(url) : undefined;
  const sessions = stalled === undefined ? [fast] : [fast, stalled];
  for (const s of sessions) {
    s.send(`SUBSCRIBE ${target.readToken} ${METRIC}{}`);
    await s.subscriptions();
  }
  await write(server, `${T0_SECONDS - 2}000000// ${METRIC}{${labelsText(0)}} 0\n`);
  if (!(await until(() => sessions.every((s) => s.points >= 1), 60_000))) throw new Error('plasma ingest bench: the warm-up point did not reach the sessions within 60 s');
  stalled?.pause();
  return { fast, stalled };
}

/** One point per series, a second before the workload's first timestamp. */
function registrationBody(series: number): string {
  let body = '';
  for (let i = 0; i < series; i++) body += `${T0_SECONDS - 1}000000// ${METRIC}{${labelsText(i)}} 0\n`;
  return body;
}

function labelsText(i: number): string {
  return labelsOf(i).map(([k, v]) => `${k}=${v}`).join(',');
}

async function write(server: ContinuumServer, body: string): Promise<void> {
  const target = server.plasmaTarget();
  const answer = await httpCall(target.agent, `${target.origin}/api/v0/update`, { body: Buffer.from(body), headers: { 'X-Warp10-Token': target.writeToken } });
  expectOk(answer, 'plasma ingest bench update');
}

/**
 * CPU time, user + system, in ms, from a stat file: `/proc/<pid>/stat` (all threads of the process) or
 * `/proc/<pid>/task/<tid>/stat` (one thread; the main thread's tid is the pid). Clock ticks of 10 ms.
 */
function cpuMsOf(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Polls `done` every 10 ms; false if it still fails after `timeoutMs` (the caller reports or throws). */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await delay(10);
  }
  return true;
}
