import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { driveLoad } from '../load/load-driver.js';
import { VisibilityProber } from '../load/visibility-prober.js';
import type { BenchServer } from '../servers/bench-server.js';
import { latencyOf } from '../stats.js';
import { pointsInBatch, type RenderedWorkload } from '../workloads/render.js';
import { pointAt, q1Of, q2Of, totalPoints, type QuerySpec } from '../workloads/workload.js';
import type { Measurement, QueryFigures } from './measurement.js';

export interface RunOptions {
  readonly connections: number;
  /** Repetitions of q1 and of q2. */
  readonly queries: number;
  readonly pass: number;
  /** Progress lines (stderr). */
  readonly log: (line: string) => void;
}

/** /proc/loadavg without the trailing newline ('' where there is none). */
export function loadavg(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim();
  } catch {
    return '';
  }
}

/**
 * One (server, workload, pass): start on a clean directory → load (probing visibility when the server can) →
 * settle → q1 × n and q2 × n, each answer's point count checked → flush → peak RSS → stop → disk → replay.
 * The server is destroyed (process stopped by PID, directory removed) whatever happens; a failure is
 * returned as a Measurement with `error`, so one broken run does not lose the others.
 */
export async function runOne(server: BenchServer, rendered: RenderedWorkload, options: RunOptions): Promise<Measurement> {
  const w = rendered.workload;
  const base = { server: server.name, workload: w.name, pass: options.pass, loadavg: loadavg(), points: totalPoints(w) };
  const say = (what: string) => options.log(`${w.name} pass ${options.pass} ${server.name}: ${what}`);
  try {
    say('starting');
    await server.start();
    const target = server.ingestTarget();
    const isVisible = server.isVisible?.bind(server);
    const prober = isVisible === undefined ? undefined : new VisibilityProber(isVisible);
    let lastAckAt = 0;
    const load = await driveLoad(target, rendered[target.format], (b) => pointsInBatch(rendered, b), {
      connections: options.connections,
      onAck: (batch, answer, ackedAt) => {
        lastAckAt = Math.max(lastAckAt, ackedAt);
        server.onAck?.(answer);
        const last = pointAt(w, batch * rendered.batchLines + pointsInBatch(rendered, batch) - 1);
        prober?.offer(last.series, last.seconds, ackedAt);
      },
    });
    say(`ingested ${load.points} points at ${Math.round(load.pointsPerSec)} points/s`);
    const probes = await prober?.finish();
    await server.settle(w);
    const settleMs = performance.now() - lastAckAt;
    const q1 = await timeQueries(server, (rep) => q1Of(w, rep), options.queries);
    const q2 = await timeQueries(server, (rep) => q2Of(w, rep), options.queries);
    say(`settled in ${Math.round(settleMs)} ms, q1 p50 ${q1.p50Ms.toFixed(1)} ms, q2 p50 ${q2.p50Ms.toFixed(1)} ms`);
    await server.flush();
    const peakRssBytes = server.peakRssBytes();
    await server.stop();
    const disk = server.diskUsage();
    const replay = server.replay === undefined ? undefined : await server.replay();
    if (replay !== undefined) say(`replayed ${replay.points} points at ${replay.pointsPerSec} points/s`);
    if (replay !== undefined && replay.points !== base.points) throw new Error(`replay store applied ${replay.points} points, expected ${base.points}`);
    return {
      ...base,
      ingest: { pointsPerSec: load.pointsPerSec, elapsedMs: load.elapsedMs },
      settleMs,
      visibility: probes === undefined ? undefined : { ...latencyOf(probes.latenciesMs), timeouts: probes.timeouts },
      q1,
      q2,
      peakRssBytes,
      disk,
      replay,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    say(`FAILED: ${message}`);
    return { ...base, error: message.split('\n')[0] };
  } finally {
    await server.destroy().catch((error: unknown) => say(`cleanup failed: ${String(error)}`));
  }
}

/** Runs `reps` queries one after the other, timing each up to its answer's last byte; checks every count. */
async function timeQueries(server: BenchServer, specOf: (rep: number) => QuerySpec, reps: number): Promise<QueryFigures> {
  const ms: number[] = [];
  const counts: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const spec = specOf(rep);
    const started = performance.now();
    const answer = await server.query(spec);
    ms.push(performance.now() - started);
    const points = server.countPoints(answer);
    if (points !== spec.expectedPoints) {
      throw new Error(`query ${spec.label}=${spec.value} returned ${points} points, expected ${spec.expectedPoints}`);
    }
    counts.push(points);
  }
  return { ...latencyOf(ms), pointsPerAnswer: counts };
}
