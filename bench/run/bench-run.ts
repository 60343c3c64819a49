import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchOptions } from '../options.js';
import { plasmaBenchOptions, runPlasmaBench, type PlasmaFigures } from '../plasma/plasma-bench.js';
import { captureEnvironment, type RunEnvironment } from '../report/environment.js';
import type { BenchServer, ServerName } from '../servers/bench-server.js';
import { ContinuumServer } from '../servers/continuum-server.js';
import { InfluxServer } from '../servers/influx-server.js';
import { INFLUX_PACKAGE, installPeers, VICTORIA_PACKAGE } from '../servers/peer-package.js';
import { VictoriaServer } from '../servers/victoria-server.js';
import { renderWorkload } from '../workloads/render.js';
import { scaled, WORKLOADS, type Workload } from '../workloads/workload.js';
import type { Measurement } from './measurement.js';
import { loadavg, runOne } from './run-one.js';

/** Everything a run produced, for the report and the JSON dump. */
export interface BenchRunResult {
  readonly env: RunEnvironment;
  readonly workloads: readonly Workload[];
  readonly measurements: readonly Measurement[];
  /** The plasma figures, when Continuum ran and they were asked for. */
  readonly plasma?: PlasmaFigures;
}

/** A fresh adapter per run, so that no state (agents, positions, directories) leaks from one run to the next. */
function factories(options: BenchOptions): Record<ServerName, () => BenchServer> {
  return {
    continuum: () => new ContinuumServer({ cliPath: options.continuumCli, profileDir: options.profileDir, env: options.continuumEnv }),
    victoria: () => new VictoriaServer(),
    influx: () => new InfluxServer(),
  };
}

/**
 * The whole benchmark: installs missing peers when asked, skips servers that cannot run (with a note), then
 * for each workload renders its bodies once and runs the servers interleaved, pass after pass
 * (A B C A B C …), so that every pass compares servers measured minutes apart.
 */
export async function runBench(options: BenchOptions, log: (line: string) => void): Promise<BenchRunResult> {
  const skipped: string[] = [];
  if (options.installPeers) {
    const wanted = [options.servers.includes('victoria') ? VICTORIA_PACKAGE : undefined, options.servers.includes('influx') ? INFLUX_PACKAGE : undefined];
    skipped.push(...installPeers(wanted.filter((p) => p !== undefined)));
  }
  const make = factories(options);
  const active: ServerName[] = [];
  const versions: Partial<Record<ServerName, string>> = {};
  for (const name of options.servers) {
    const probe = make[name]();
    const why = probe.unavailable();
    if (why === undefined) {
      active.push(name);
      versions[name] = probe.version();
    } else {
      skipped.push(`${name}: ${why}`);
      log(`skipping ${name}: ${why}`);
    }
  }
  if (options.profileDir !== undefined) mkdirSync(options.profileDir, { recursive: true });
  const repo = join(dirname(options.continuumCli), '..', '..', '..');
  const env = captureEnvironment(repo, versions, skipped, loadavg());
  const workloads = options.workloads.map((name) => scaled(WORKLOADS.find((w) => w.name === name)!, options.scale));
  const measurements: Measurement[] = [];
  for (const w of workloads) {
    const started = performance.now();
    const rendered = renderWorkload(w, options.batch);
    log(`${w.name}: rendered ${rendered.gts.length} batches in ${Math.round(performance.now() - started)} ms`);
    for (let pass = 1; pass <= options.passes[w.name]; pass++) {
      for (const name of active) {
        measurements.push(await runOne(make[name](), rendered, { connections: options.connections, queries: options.queries, pass, log }));
      }
    }
  }
  const plasmaOptions = active.includes('continuum') ? plasmaBenchOptions(options) : undefined;
  const plasma = plasmaOptions === undefined ? undefined : await runPlasmaBench(make.continuum() as ContinuumServer, plasmaOptions, log);
  env.loadavgEnd = loadavg();
  return { env, workloads, measurements, plasma };
}
