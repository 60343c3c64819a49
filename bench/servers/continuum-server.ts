import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expectOk, httpCall, keepAliveAgent, query, countLines, type HttpAnswer } from '../load/http.js';
import { METRIC, pointAt, totalPoints, type QuerySpec, type Workload } from '../workloads/workload.js';
import type { BenchServer, DiskUsage, IngestTarget, ReplayFigures } from './bench-server.js';
import { diskBytes } from './disk-usage.js';
import { LogPositionMerger } from './log-position.js';
import { readTokensFile, TOKENS_FILE } from '../../src/cli/tokens-file.js';
import type { PlasmaTarget } from '../plasma/fanout-latency.js';
import { delay, freePort, ManagedProcess, scratchDir } from './managed-process.js';

export interface ContinuumServerOptions {
  /** The compiled CLI, `dist/src/cli/main.js`, started exactly as `npm start` starts it. */
  readonly cliPath: string;
  /** When set, the cell runs with `--cpu-prof` and writes its .cpuprofile there on a clean stop. */
  readonly profileDir?: string;
  /** Extra environment of the cell (e.g. `CONTINUUM_LOG_FSYNC=false` for an experiment). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Longest wait for every acknowledged point to become visible after the load (the projection's backlog). */
const SETTLE_TIMEOUT_MS = 30 * 60_000;

/**
 * Continuum as a user runs it: `node dist/src/cli/main.js start --port N --data-dir DIR` on a clean data
 * directory, tokens from `DIR/tokens.txt`, writes on /api/v0/update (GTS input format, µs), reads on
 * /api/v0/fetch (text format: one line per point). Acknowledged writes' log positions are merged so that
 * settle() can wait, with read-your-writes, until the store projection has applied all of them. Disk usage
 * is reported for the store (`DIR/store`) and the log (`DIR/log`) separately; replay() runs
 * `continuum replay store` on the stopped cell.
 */
export class ContinuumServer implements BenchServer {
  readonly name = 'continuum' as const;
  private root = '';
  private dataDir = '';
  private port = 0;
  private process: ManagedProcess | undefined;
  private tokens: { readonly read: string; readonly write: string } = { read: '', write: '' };
  private positions = new LogPositionMerger();
  private readonly agent = keepAliveAgent(1);

  constructor(private readonly options: ContinuumServerOptions) {}

  unavailable(): string | undefined {
    return existsSync(this.options.cliPath) ? undefined : `${this.options.cliPath} not found (run node scripts/build.mjs)`;
  }

  /** The `version` of the nearest package.json above the CLI (the checkout it was built from). */
  version(): string {
    for (let dir = dirname(this.options.cliPath); dir !== dirname(dir); dir = dirname(dir)) {
      try {
        return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
      } catch {
        // No package.json here: look in the parent.
      }
    }
    return 'unknown';
  }

  async start(): Promise<void> {
    this.root = scratchDir(mkdtempSync(join(tmpdir(), 'bench-continuum-')));
    this.dataDir = join(this.root, 'data');
    this.port = await freePort();
    this.positions = new LogPositionMerger();
    const profile = this.options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${this.options.profileDir}`];
    const args = ['--enable-source-maps', ...profile, this.options.cliPath, 'start', '--port', String(this.port), '--data-dir', this.dataDir];
    this.process = new ManagedProcess('continuum', process.execPath, args, { env: this.env(), logFile: join(this.root, 'cell.log') });
    await this.process.waitReady(async () => (await httpCall(this.agent, `${this.origin}/api/v0/check`, { timeoutMs: 2_000 })).status === 200, 120_000);
    this.tokens = readTokensFile(join(this.dataDir, TOKENS_FILE));
  }

  ingestTarget(): IngestTarget {
    return {
      url: `${this.origin}/api/v0/update`,
      headers: { 'X-Warp10-Token': this.tokens.write, 'Content-Type': 'text/plain; charset=utf-8' },
      format: 'gts',
    };
  }

  onAck(answer: HttpAnswer): void {
    this.positions.add(answer.headers['x-continuum-log-position']);
  }

  async settle(w: Workload): Promise<void> {
    const last = pointAt(w, totalPoints(w) - 1);
    const position = this.positions.toString();
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const answer = await this.fetch(`host=h${last.series}`, `${last.seconds}000000`, `${last.seconds}000000`, position);
      if (answer.status === 200 && countLines(answer.body) === 1) return;
      if (answer.status !== 504) expectOk(answer, `fetch waiting for log position ${position}`);
      await delay(100);
    }
    throw new Error(`continuum: the last point was not visible ${SETTLE_TIMEOUT_MS} ms after the load\n${this.process?.tail()}`);
  }

  async query(q: QuerySpec): Promise<Buffer> {
    return expectOk(await this.fetch(`${q.label}=${q.value}`, `${q.start.seconds}500000`, `${q.end.seconds}500000`), 'continuum fetch').body;
  }

  /** The text format prints one line per point. */
  countPoints(answer: Buffer): number {
    return countLines(answer);
  }

  async isVisible(series: number, seconds: number): Promise<boolean> {
    const answer = expectOk(await this.fetch(`host=h${series}`, `${seconds}000000`, `${seconds}000000`), 'continuum fetch');
    return countLines(answer.body) > 0;
  }

  async flush(): Promise<void> {
    // The cell flushes its store and log when it stops; disk usage is read after stop().
  }

  peakRssBytes(): number {
    return this.requireProcess().peakRssBytes();
  }

  async stop(): Promise<void> {
    const proc = this.requireProcess();
    const status = await proc.stop();
    this.agent.destroy();
    if (status.code !== 0 && status.signal !== 'SIGTERM') throw new Error(`continuum did not stop cleanly (code ${status.code}, signal ${status.signal})\n${proc.tail()}`);
  }

  /** The store and the log apart; the store engine is told by its files (LMDB's data.mdb, LevelDB's CURRENT). */
  diskUsage(): DiskUsage {
    const store = join(this.dataDir, 'store');
    const engine = existsSync(join(store, 'data.mdb')) ? 'lmdb' : existsSync(join(store, 'CURRENT')) ? 'leveldb' : 'unknown';
    return { totalBytes: diskBytes(this.dataDir), parts: { store: diskBytes(store), log: diskBytes(join(this.dataDir, 'log')) }, layout: `store engine: ${engine}` };
  }

  replay(): Promise<ReplayFigures> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [this.options.cliPath, 'replay', 'store', '--data-dir', this.dataDir], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (out = (out + s).slice(-20_000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), SETTLE_TIMEOUT_MS);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        const m = /replayed store: \d+ records, (\d+) points in [\d.]+ s \((\d+) points\/s\)/.exec(out);
        if (code !== 0 || !m) reject(new Error(`continuum replay store failed (exit ${code}):\n${out.slice(-4000)}`));
        else resolve({ points: Number(m[1]), pointsPerSec: Number(m[2]) });
      });
    });
  }

  /** Where the plasma benchmark subscribes and writes (the cell's port, its tokens, this adapter's agent). */
  plasmaTarget(): PlasmaTarget {
    return { origin: this.origin, readToken: this.tokens.read, writeToken: this.tokens.write, agent: this.agent };
  }

  /** The cell's process id (its memory is read from /proc). */
  pid(): number {
    return this.requireProcess().pid;
  }

  async destroy(): Promise<void> {
    this.agent.destroy();
    if (this.process?.isRunning) await this.process.stop(5_000);
    if (this.root !== '') rmSync(this.root, { recursive: true, force: true });
  }

  private get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private fetch(labelMatch: string, startUs: string, endUs: string, position?: string): Promise<HttpAnswer> {
    const params = query({ selector: `${METRIC}{${labelMatch}}`, start: startUs, end: endUs, format: 'text' });
    const headers: Record<string, string> = { 'X-Warp10-Token': this.tokens.read };
    if (position !== undefined && position !== '') headers['X-Continuum-Log-Position'] = position;
    return httpCall(this.agent, `${this.origin}/api/v0/fetch?${params}`, { headers });
  }

  private requireProcess(): ManagedProcess {
    if (this.process === undefined) throw new Error('continuum is not started');
    return this.process;
  }

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CONTINUUM_')) env[k] = v;
    return { ...env, NO_COLOR: '1', ...this.options.env };
  }
}
