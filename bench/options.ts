import { parseArgs } from 'node:util';
import { SERVER_NAMES, type ServerName } from './servers/bench-server.js';
import { WORKLOADS } from './workloads/workload.js';

/** What one `npm run bench` does. */
export interface BenchOptions {
  readonly workloads: readonly string[];
  /** Passes per workload (`--passes 3,W2=1`: 3, but 1 for W2). */
  readonly passes: Readonly<Record<string, number>>;
  readonly scale: number;
  readonly servers: readonly ServerName[];
  readonly connections: number;
  readonly batch: number;
  /** Repetitions of each query. */
  readonly queries: number;
  readonly installPeers: boolean;
  readonly out: string;
  readonly write: boolean;
  /** Also write every measurement as JSON there. */
  readonly json?: string;
  readonly continuumCli: string;
  /** Start Continuum with --cpu-prof, profiles written there. */
  readonly profileDir?: string;
  /** Extra environment of the Continuum cell (`KEY=VALUE,…`). */
  readonly continuumEnv: Readonly<Record<string, string>>;
  /** Free text added to the report (e.g. why W2 has fewer passes). */
  readonly note?: string;
  /**
   * Plasma fan-out: subscriber counts (empty: not measured), updates per count, sessions of the memory figure (0: not
   * measured), and a/b pairs of W1 ingest without / with subscribers (0: not measured; undefined: the default, 3).
   */
  readonly plasma: { readonly subscribers: readonly number[]; readonly rounds: number; readonly sessions: number; readonly ingestPairs?: number };
}

/** `npm run bench -- --help`. */
export const USAGE = `npm run bench -- [options]
  --workloads W1,W2,W3        workloads to run (default: all)
  --passes 3[,W2=1]           interleaved passes per workload, optionally per workload (default 3)
  --scale 1                   fraction of each workload, in (0, 1] (0.01 = the CI smoke)
  --servers continuum,victoria,influx
  --connections 4             concurrent keep-alive connections of the load
  --batch 10000               lines per write request
  --queries 50                repetitions of q1 and of q2
  --install-peers             apt-get install the peers that are missing (root only)
  --out BENCHMARKS.md         file the dated report is appended to
  --no-write                  print the report only
  --json FILE                 also write every measurement as JSON
  --continuum-cli PATH        compiled CLI (default: dist/src/cli/main.js next to this script)
  --continuum-env K=V,…       extra environment of the Continuum cell
  --profile DIR               run Continuum with --cpu-prof, profiles in DIR
  --note TEXT                 a note for the report
  --plasma 1,100,1000         plasma fan-out latency with these subscriber counts (Continuum only; none: skip)
  --plasma-rounds 100         updates per subscriber count
  --plasma-sessions 10000     plasma sessions held to measure the cell's memory (0: skip)
  --plasma-ingest 3           rounds of W1 loads (run's scale) with no subscriber, a fast one, a fast and a stalled one (0: skip)`;

function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got '${text}'`);
  return n;
}

function list(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Parses the command line (`argv` without node and the script); throws with a message on a bad option. */
export function parseOptions(argv: readonly string[], defaults: { readonly continuumCli: string }): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      workloads: { type: 'string', default: WORKLOADS.map((w) => w.name).join(',') },
      passes: { type: 'string', default: '3' },
      scale: { type: 'string', default: '1' },
      servers: { type: 'string', default: SERVER_NAMES.join(',') },
      connections: { type: 'string', default: '4' },
      batch: { type: 'string', default: '10000' },
      queries: { type: 'string', default: '50' },
      'install-peers': { type: 'boolean', default: false },
      out: { type: 'string', default: 'BENCHMARKS.md' },
      'no-write': { type: 'boolean', default: false },
      json: { type: 'string' },
      'continuum-cli': { type: 'string', default: defaults.continuumCli },
      'continuum-env': { type: 'string', default: '' },
      profile: { type: 'string' },
      note: { type: 'string' },
      plasma: { type: 'string', default: '1,100,1000' },
      'plasma-rounds': { type: 'string', default: '100' },
      'plasma-sessions': { type: 'string', default: '10000' },
      'plasma-ingest': { type: 'string' },
    },
  });
  const workloads = list(values.workloads);
  for (const name of workloads) if (!WORKLOADS.some((w) => w.name === name)) throw new Error(`unknown workload '${name}' (known: ${WORKLOADS.map((w) => w.name).join(', ')})`);
  const servers = list(values.servers);
  for (const name of servers) if (!SERVER_NAMES.includes(name as ServerName)) throw new Error(`unknown server '${name}' (known: ${SERVER_NAMES.join(', ')})`);
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be in (0, 1], got '${values.scale}'`);
  const passes: Record<string, number> = {};
  let all: number | undefined;
  for (const item of list(values.passes)) {
    const eq = item.indexOf('=');
    if (eq < 0) all = positiveInt('passes', item);
    else if (!workloads.includes(item.slice(0, eq))) throw new Error(`--passes names '${item.slice(0, eq)}', which is not a chosen workload`);
    else passes[item.slice(0, eq)] = positiveInt('passes', item.slice(eq + 1));
  }
  for (const name of workloads) passes[name] ??= all ?? 3;
  const continuumEnv: Record<string, string> = {};
  for (const item of list(values['continuum-env'])) {
    const eq = item.indexOf('=');
    if (eq < 1) throw new Error(`--continuum-env takes KEY=VALUE pairs, got '${item}'`);
    continuumEnv[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return {
    workloads,
    passes,
    scale,
    servers: servers as ServerName[],
    connections: positiveInt('connections', values.connections),
    batch: positiveInt('batch', values.batch),
    queries: positiveInt('queries', values.queries),
    installPeers: values['install-peers'],
    out: values.out,
    write: !values['no-write'],
    json: values.json,
    continuumCli: values['continuum-cli'],
    profileDir: values.profile,
    continuumEnv,
    note: values.note,
    plasma: {
      subscribers: values.plasma === 'none' ? [] : list(values.plasma).map((n) => positiveInt('plasma', n)),
      rounds: positiveInt('plasma-rounds', values['plasma-rounds']),
      sessions: values['plasma-sessions'] === '0' ? 0 : positiveInt('plasma-sessions', values['plasma-sessions']),
      ...(values['plasma-ingest'] === undefined ? {} : { ingestPairs: values['plasma-ingest'] === '0' ? 0 : positiveInt('plasma-ingest', values['plasma-ingest']) }),
    },
  };
}
