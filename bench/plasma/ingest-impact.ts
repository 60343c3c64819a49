import { readFileSync } from 'node:fs';
import { driveLoad } from '../load/load-driver.js';
import { expectOk, httpCall } from '../load/http.js';
import type { ContinuumServer } from '../servers/continuum-server.js';
import { median } from '../stats.js';
import { pointsInBatch, type RenderedWorkload } from '../workloads/render.js';
import { labelsOf, METRIC, T0_SECONDS, totalPoints } from '../workloads/workload.js';
import { waitFindable } from './fanout-latency.js';
import { PlasmaSubscriber } from './plasma-subscriber.js';

/** One load of the workload on a fresh cell, without (a) or with (b) the two plasma sessions. */
export interface IngestRun {
  readonly subscribed: boolean;
  readonly pointsPerSec: number;
  /**
   * The cell's CPU time (all threads: user + system) per loaded point, from the load's first request to its last
   * acknowledgement, in µs: steadier than the rate on a shared machine, and blind to the harness's own work.
   */
  readonly cellCpuUsPerPoint: number;
  /** (b) Points the fast session received, of `expectedPoints`. */
  readonly fastPoints?: number;
  /** (b) Points the stalled session lost to its bound (its STATS), and received once it read again. */
  readonly stalledDroppedPoints?: number;
  readonly stalledReceivedPoints?: number;
  /** (b) Points written while subscribed: the load plus one warm-up point. */
  readonly expectedPoints?: number;
}

/** Issue 5: W1 ingest with no subscriber (a) and with a stalled and a fast session (b), interleaved. */
export interface IngestImpactFigures {
  readonly workload: string;
  readonly points: number;
  readonly runs: readonly IngestRun[];
  readonly medianWithout: number;
  readonly medianWith: number;
  /** medianWith ÷ medianWithout. */
  readonly ratio: number;
  /** Median cell CPU per point with ÷ without. */
  readonly cpuRatio: number;
  /** Whether the fast session received every point in every (b) run. */
  readonly fastComplete: boolean;
}

export interface IngestImpactOptions {
  /** a/b pairs (a b a b …). */
  readonly pairs: number;
  /** The load driver's concurrent connections (as the workload runs). */
  readonly connections: number;
}

/** Longest wait for the fast session to receive the last points after the load was acknowledged. */
const DELIVERY_TIMEOUT_MS = 120_000;

/**
 * Measures what plasma subscribers cost ingest (issue 5: "a stalled client (never reads) while 1M points are
 * ingested: ingest rate unaffected within noise, the fast subscriber still receives everything"). Each run loads
 * `rendered` with the bench's load driver on a fresh cell whose series were registered first (one point each,
 * a second before the workload), so that (a) and (b) start from the same state and SUBSCRIBE finds them. In (b),
 * before the load, two sessions subscribe to every series of the class: one never reads (its socket paused),
 * one counts what it receives. After the load, the fast session must receive every point; then the stalled one
 * reads again and tells its drops (STATS), and what it received and dropped must add up to what was written.
 */
export async function measureIngestImpact(
  server: ContinuumServer,
  rendered: RenderedWorkload,
  options: IngestImpactOptions,
  log: (line: string) => void,
): Promise<IngestImpactFigures> {
  const runs: IngestRun[] = [];
  for (let pair = 0; pair < options.pairs; pair++) {
    for (const subscribed of [false, true]) {
      const run = await loadOnce(server, rendered, subscribed, options.connections);
      const detail = subscribed ? `, fast got ${run.fastPoints}/${run.expectedPoints}, stalled dropped ${run.stalledDroppedPoints}` : '';
      log(`plasma ingest ${subscribed ? 'b (stalled + fast session)' : 'a (no subscriber)'}: ${Math.round(run.pointsPerSec)} points/s${detail}`);
      runs.push(run);
    }
  }
  const medianWithout = median(runs.filter((r) => !r.subscribed).map((r) => r.pointsPerSec));
  const medianWith = median(runs.filter((r) => r.subscribed).map((r) => r.pointsPerSec));
  const cpu = (subscribed: boolean) => median(runs.filter((r) => r.subscribed === subscribed).map((r) => r.cellCpuUsPerPoint));
  return {
    cpuRatio: cpu(true) / cpu(false),
    workload: rendered.workload.name,
    points: totalPoints(rendered.workload),
    runs,
    medianWithout,
    medianWith,
    ratio: medianWith / medianWithout,
    fastComplete: runs.every((r) => !r.subscribed || r.fastPoints === r.expectedPoints),
  };
}

async function loadOnce(server: ContinuumServer, rendered: RenderedWorkload, subscribed: boolean, connections: number): Promise<IngestRun> {
  const w = rendered.workload;
  try {
    await server.start();
    const target = server.plasmaTarget();
    await write(server, registrationBody(w.series));
    await waitFindable(target, `${METRIC}{host=h${w.series - 1}}`);
    const sessions = subscribed ? await openSessions(server) : undefined;
    const cpuBefore = cpuMsOf(server.pid());
    const load = await driveLoad(server.ingestTarget(), rendered.gts, (b) => pointsInBatch(rendered, b), { connections });
    const cellCpuUsPerPoint = ((cpuMsOf(server.pid()) - cpuBefore) * 1000) / load.points;
    if (sessions === undefined) return { subscribed, pointsPerSec: load.pointsPerSec, cellCpuUsPerPoint };
    const { fast, stalled } = sessions;
    const expectedPoints = totalPoints(w) + 1; // and the warm-up point
    await until(() => fast.points >= expectedPoints, DELIVERY_TIMEOUT_MS);
    stalled.resume();
    const dropped = (await stalled.stats()).get('dropped.points') ?? Number.NaN;
    await until(() => stalled.points + dropped >= expectedPoints, DELIVERY_TIMEOUT_MS);
    fast.close();
    stalled.close();
    return { subscribed, pointsPerSec: load.pointsPerSec, cellCpuUsPerPoint, fastPoints: fast.points, stalledDroppedPoints: dropped, stalledReceivedPoints: stalled.points, expectedPoints };
  } finally {
    await server.destroy();
  }
}

/**
 * Opens the fast and the stalled session on every series of the class, waits until a warm-up point reaches the
 * fast one (the subscriptions are then routed), and pauses the stalled one.
 */
async function openSessions(server: ContinuumServer): Promise<{ fast: PlasmaSubscriber; stalled: PlasmaSubscriber }> {
  const target = server.plasmaTarget();
  const url = `${target.origin.replace(/^http/, 'ws')}/api/v0/plasma`;
  const fast = await PlasmaSubscriber.counting(url);
  const stalled = await PlasmaSubscriber.counting(url);
  for (const s of [fast, stalled]) {
    s.send(`SUBSCRIBE ${target.readToken} ${METRIC}{}`);
    await s.subscriptions();
  }
  await write(server, `${T0_SECONDS - 2}000000// ${METRIC}{${labelsText(0)}} 0\n`);
  if (!(await until(() => fast.points >= 1 && stalled.points >= 1, 60_000))) throw new Error('plasma ingest bench: the warm-up point did not reach both sessions within 60 s');
  stalled.pause();
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

/** CPU time of process `pid`, all threads, user + system, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Polls `done` every 10 ms; false if it still fails after `timeoutMs` (the caller reports or throws). */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}
