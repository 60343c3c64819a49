import type { BenchOptions } from '../options.js';
import type { ContinuumServer } from '../servers/continuum-server.js';
import { renderWorkload, type RenderedWorkload } from '../workloads/render.js';
import { scaled, WORKLOADS } from '../workloads/workload.js';
import { measureFanout, type FanoutFigures } from './fanout-latency.js';
import { measureIngestImpact, type IngestImpactFigures } from './ingest-impact.js';
import { measureSessionMemory, type SessionMemoryFigures } from './session-memory.js';

/** What the plasma part of a run measures (issue 5's benchmark), on a standalone cell of its own. */
export interface PlasmaBenchOptions {
  /** Subscriber counts of the fan-out measurement (e.g. 1, 100, 1000); empty: none. */
  readonly subscribers: readonly number[];
  /** Updates per fan-out measurement. */
  readonly rounds: number;
  /** Sessions of the memory measurement; 0: none. */
  readonly sessions: number;
  /** W1 ingest per set of plasma sessions (IngestMode): the workload as the run renders it, rounds, load connections. */
  readonly ingest?: { readonly rendered: RenderedWorkload; readonly pairs: number; readonly connections: number };
}

/** Rounds (a b c) of the ingest measurement when `--plasma-ingest` does not say. */
export const DEFAULT_INGEST_PAIRS = 3;

/**
 * The plasma part of a run as the options ask for it, or undefined when they ask for nothing. The ingest
 * measurement loads W1 at the run's scale, in the run's batches and over its connections.
 */
export function plasmaBenchOptions(options: BenchOptions): PlasmaBenchOptions | undefined {
  const { subscribers, rounds, sessions, ingestPairs = DEFAULT_INGEST_PAIRS } = options.plasma;
  if (subscribers.length === 0 && sessions === 0 && ingestPairs === 0) return undefined;
  const w1 = scaled(WORKLOADS.find((w) => w.name === 'W1')!, options.scale);
  const ingest = ingestPairs === 0 ? undefined : { rendered: renderWorkload(w1, options.batch), pairs: ingestPairs, connections: options.connections };
  return { subscribers, rounds, sessions, ...(ingest === undefined ? {} : { ingest }) };
}

export interface PlasmaFigures {
  readonly fanout: readonly FanoutFigures[];
  readonly memory?: SessionMemoryFigures;
  readonly ingest?: IngestImpactFigures;
  /** Set when the run failed (what was measured before is kept). */
  readonly error?: string;
}

/**
 * Starts a fresh standalone cell (the front end, the back end and the data log in one process, as `npm start`
 * runs them) and measures the fan-out latency for each subscriber count, then the memory of `sessions` sessions;
 * then W1's ingest without and with subscribers, each load on a fresh cell of its own (see measureIngestImpact).
 * The subscribers run in this process: with 1,000 of them their own handling is part of the figure (noted in the
 * report).
 */
export async function runPlasmaBench(server: ContinuumServer, options: PlasmaBenchOptions, log: (line: string) => void): Promise<PlasmaFigures> {
  const fanout: FanoutFigures[] = [];
  let memory: SessionMemoryFigures | undefined;
  let ingest: IngestImpactFigures | undefined;
  try {
    if (options.subscribers.length > 0 || options.sessions > 0) {
      await server.start();
      const target = server.plasmaTarget();
      for (const n of options.subscribers) {
        const figures = await measureFanout(target, n, options.rounds);
        log(`plasma: ${n} subscribers, fan-out p50 ${figures.p50Ms.toFixed(2)} ms, p99 ${figures.p99Ms.toFixed(2)} ms, missed ${figures.missed}`);
        fanout.push(figures);
      }
      if (options.sessions > 0) {
        memory = await measureSessionMemory(target, server.pid(), options.sessions);
        log(`plasma: ${memory.sessions} sessions, cell RSS ${mib(memory.rssBeforeBytes)} -> ${mib(memory.rssWithSessionsBytes)} MiB`);
      }
      await server.stop();
      await server.destroy();
    }
    if (options.ingest !== undefined) {
      const { rendered, pairs, connections } = options.ingest;
      ingest = await measureIngestImpact(server, rendered, { pairs, connections }, log);
      log(`plasma: ${rendered.workload.name} ingest with a stalled + fast session ÷ with the fast one: ${ingest.stalledRatio.toFixed(2)}; fast ÷ none: ${ingest.fanoutRatio.toFixed(2)}`);
    }
    return { fanout, memory, ingest };
  } catch (error) {
    return { fanout, memory, ingest, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  } finally {
    await server.destroy();
  }
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
