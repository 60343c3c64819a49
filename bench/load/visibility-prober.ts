import { performance } from 'node:perf_hooks';
import { delay } from '../servers/managed-process.js';

export interface ProberOptions {
  /** Pause between two reads of one probe, ms (the resolution of the measurement). */
  readonly pollMs?: number;
  /** A probe that has not seen its point after this long counts as timed out, ms. */
  readonly timeoutMs?: number;
}

/** What the probes saw: latencies (ms) of the points that became visible, and how many never did in time. */
export interface ProbeResult {
  readonly latenciesMs: readonly number[];
  readonly timeouts: number;
}

/**
 * Visibility latency while loading: how long after a write is acknowledged its points are returned by a
 * plain read (no log position, so it measures the real asynchronous path ingress → log → projection → store).
 * One probe runs at a time: when the load driver reports an acknowledged batch and no probe is running, the
 * prober polls for the last point of that batch until a read returns it. Each latency is measured up to the
 * answer of the first read that returns the point, so it is an upper bound, `pollMs` coarse.
 */
export class VisibilityProber {
  private readonly latencies: number[] = [];
  private timeouts = 0;
  private running: Promise<void> | undefined;
  private failure: unknown;
  private readonly pollMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly isVisible: (series: number, seconds: number) => Promise<boolean>,
    options: ProberOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 5;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  /** A batch was acknowledged at `ackedAt` (performance.now()); probes its point unless a probe is running. */
  offer(series: number, seconds: number, ackedAt: number): void {
    if (this.running !== undefined) return;
    this.running = this.probe(series, seconds, ackedAt)
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Waits for the running probe (if any) and returns everything measured; rethrows a failed read. */
  async finish(): Promise<ProbeResult> {
    await this.running;
    if (this.failure !== undefined) throw this.failure;
    return { latenciesMs: [...this.latencies], timeouts: this.timeouts };
  }

  private async probe(series: number, seconds: number, ackedAt: number): Promise<void> {
    const deadline = ackedAt + this.timeoutMs;
    while (performance.now() < deadline) {
      if (await this.isVisible(series, seconds)) {
        this.latencies.push(performance.now() - ackedAt);
        return;
      }
      await delay(this.pollMs);
    }
    this.timeouts++;
  }
}
