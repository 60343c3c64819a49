import { performance } from 'node:perf_hooks';
import type { IngestTarget } from '../servers/bench-server.js';
import { httpCall, keepAliveAgent, type HttpAnswer } from './http.js';

export interface LoadOptions {
  /** Concurrent keep-alive connections, each posting one batch after the other. */
  readonly connections: number;
  /** Called on every acknowledged batch, with the `performance.now()` time the answer arrived. */
  readonly onAck?: (batch: number, answer: HttpAnswer, ackedAt: number) => void;
}

/** What the load achieved: acknowledged points over the wall time from the first request to the last answer. */
export interface LoadResult {
  readonly points: number;
  readonly requests: number;
  readonly elapsedMs: number;
  readonly pointsPerSec: number;
}

/**
 * Posts every body to the target, in order, over `connections` concurrent keep-alive connections (each
 * connection takes the next batch as soon as its previous one is answered, like a pool of scrapers).
 * Only 200 and 204 count as acknowledged; any other answer or a network error stops the load and rejects,
 * so a throughput is never computed over lost writes.
 */
export async function driveLoad(target: IngestTarget, bodies: readonly Buffer[], pointsOf: (batch: number) => number, options: LoadOptions): Promise<LoadResult> {
  if (!Number.isInteger(options.connections) || options.connections < 1) throw new RangeError(`connections must be a positive integer, got ${options.connections}`);
  const agent = keepAliveAgent(options.connections);
  let next = 0;
  let points = 0;
  let failure: Error | undefined;
  const worker = async () => {
    while (failure === undefined && next < bodies.length) {
      const batch = next++;
      try {
        const answer = await httpCall(agent, target.url, { method: 'POST', headers: target.headers, body: bodies[batch] });
        if (answer.status !== 200 && answer.status !== 204) {
          throw new Error(`batch ${batch} answered ${answer.status}: ${answer.body.subarray(0, 500).toString('utf8')}`);
        }
        points += pointsOf(batch);
        options.onAck?.(batch, answer, performance.now());
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: Math.min(options.connections, bodies.length) }, worker));
  } finally {
    agent.destroy();
  }
  const elapsedMs = performance.now() - started;
  if (failure !== undefined) throw new Error(`load on ${target.url} failed: ${failure.message}`);
  return { points, requests: bodies.length, elapsedMs, pointsPerSec: points / (elapsedMs / 1000) };
}
