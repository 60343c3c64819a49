import type { RunnerStatus } from '../../../projections/runner.js';
import type { MetricSample, MetricsRegistry } from '../shared/metrics.registry.js';
import { describe, type NamedRunner, type ProjectionRunners } from './projection-runners.service.js';

const STATES: readonly RunnerStatus['state'][] = ['idle', 'starting', 'running', 'retrying', 'restarting', 'stopped', 'failed'];
const COUNTERS = [
  ['records', 'continuum_projection_applied_records_total', 'Log records applied to the read model.'],
  ['points', 'continuum_projection_applied_points_total', 'Datapoints applied to the read model (data topic).'],
  ['retries', 'continuum_projection_retries_total', 'Retries of a batch, a read or a dead letter after a retriable error.'],
  ['skipped', 'continuum_projection_poison_skipped_total', 'Poison records skipped (dead-lettered) under the skip policy.'],
  ['restarts', 'continuum_projection_restarts_total', 'Restarts of the runner from its stored checkpoint after a failure.'],
] as const;
/** How often the lag (which asks the log for its end: a broker round trip on Kafka) is refreshed. */
export const LAG_REFRESH_MS = 5000;

/**
 * The health and metrics of the projections running in this process (every ProjectionRunners of it: store,
 * directory, or both): unhealthy as soon as one failed for good, and `continuum_projection_*` metrics in the
 * process's MetricsRegistry (status, lag per partition refreshed every LAG_REFRESH_MS, applied records and
 * points, retries, poison records skipped, restarts).
 */
export class ProjectionHealth {
  private readonly runners: readonly NamedRunner[];
  private lags = new Map<string, ReadonlyMap<number, number>>();
  private timer: NodeJS.Timeout | undefined;
  private registered: string[] = [];

  constructor(private readonly groups: readonly ProjectionRunners[]) {
    this.runners = groups.flatMap((g) => g.runners);
  }

  /** The body of a 503 naming each failed projection and its error, or undefined while all are healthy. */
  unhealthy(): string | undefined {
    const failed = this.groups.flatMap((g) => g.failed());
    if (failed.length === 0) return undefined;
    return failed.map((f) => `projection ${f.name} failed after ${f.restarts} restart(s): ${describe(f.error)}`).join('\n');
  }

  /** Registers the metrics (none without projections) and starts refreshing the lag. */
  register(metrics: MetricsRegistry): void {
    if (this.runners.length === 0) return;
    const add = (name: string, help: string, type: 'counter' | 'gauge', collect: () => MetricSample[]): void => {
      metrics.register({ name, help, type, collect });
      this.registered.push(name);
    };
    add('continuum_projection_status', 'Runner state (1 for the current one): running, retrying, restarting, failed…', 'gauge', () =>
      this.runners.flatMap(({ name, runner }) => STATES.map((state) => ({ labels: { projection: name, state }, value: runner.status().state === state ? 1 : 0 }))),
    );
    add('continuum_projection_lag_records', 'Records between the applied checkpoint and the end of the log, per partition.', 'gauge', () =>
      this.runners.flatMap(({ name }) => [...(this.lags.get(name) ?? [])].map(([partition, value]) => ({ labels: { projection: name, partition: String(partition) }, value }))),
    );
    for (const [field, name, help] of COUNTERS) {
      add(name, help, 'counter', () => this.runners.map(({ name: projection, runner }) => ({ labels: { projection }, value: runner.metrics()[field] })));
    }
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), LAG_REFRESH_MS);
    this.timer.unref();
  }

  /** Asks each runner for its lag now (errors leave the previous figure: the log may be unreachable). */
  async refresh(): Promise<void> {
    await Promise.all(
      this.runners.map(async ({ name, runner }) => {
        try {
          this.lags.set(name, await runner.lag());
        } catch {
          // keep the last known lag; the status metric tells whether the runner is retrying
        }
      }),
    );
  }

  /** Stops the refresh and removes the metrics. */
  close(metrics: MetricsRegistry | undefined): void {
    if (this.timer) clearInterval(this.timer);
    for (const name of this.registered) metrics?.unregister(name);
    this.registered = [];
  }
}
