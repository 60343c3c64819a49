import type { ContinuumServer } from '../servers/continuum-server.js';
import { measureFanout, type FanoutFigures } from './fanout-latency.js';
import { measureSessionMemory, type SessionMemoryFigures } from './session-memory.js';

/** What the plasma part of a run measures (issue 5's benchmark), on a standalone cell of its own. */
export interface PlasmaBenchOptions {
  /** Subscriber counts of the fan-out measurement (e.g. 1, 100, 1000); empty: none. */
  readonly subscribers: readonly number[];
  /** Updates per fan-out measurement. */
  readonly rounds: number;
  /** Sessions of the memory measurement; 0: none. */
  readonly sessions: number;
}

export interface PlasmaFigures {
  readonly fanout: readonly FanoutFigures[];
  readonly memory?: SessionMemoryFigures;
  /** Set when the run failed (what was measured before is kept). */
  readonly error?: string;
}

/**
 * Starts a fresh standalone cell (the front end, the back end and the data log in one process, as `npm start`
 * runs them) and measures the fan-out latency for each subscriber count, then the memory of `sessions` sessions.
 * The subscribers run in this process: with 1,000 of them their own handling is part of the figure (noted in the
 * report).
 */
export async function runPlasmaBench(server: ContinuumServer, options: PlasmaBenchOptions, log: (line: string) => void): Promise<PlasmaFigures> {
  const fanout: FanoutFigures[] = [];
  let memory: SessionMemoryFigures | undefined;
  try {
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
    return { fanout, memory };
  } catch (error) {
    return { fanout, memory, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  } finally {
    await server.destroy();
  }
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
