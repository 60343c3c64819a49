import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { CLI_ENTRY, REPO_ROOT } from './build.js';
import { cellEnv } from './cli.js';
import type { ExitStatus } from './cell.js';

export interface ComponentProcessOptions {
  /** A name for logs and failure messages, e.g. `directory-a`. */
  readonly name: string;
  /** `--components`, e.g. `store,egress`. */
  readonly components: string;
  /** The cell's shared configuration file (`--config`): keys, brokers, ZooKeeper, topics. */
  readonly configFile: string;
  readonly dataDir: string;
  /** Per-process settings as environment (`CONTINUUM_EGRESS_PORT`, `CONTINUUM_DIRECTORY_PARTITION`…). */
  readonly env?: Readonly<Record<string, string>>;
  /** Lines printed once the process serves, e.g. `egress listening on http://127.0.0.1:1234`; default: `running`. */
  readonly readyLines: readonly string[];
  /** Where to append the output (the test's temp folder), for post-mortems. */
  readonly logFile?: string;
  /** Longest wait for the ready lines; default 60 s. */
  readonly readyTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * One process of a distributed cell, run as an operator runs it: `node dist/src/cli/main.js start --components …
 * --config FILE --data-dir DIR`, spawned directly so that SIGKILL hits it. start() resolves once every ready line
 * was printed and fails with the output if the process dies first; stop() is SIGTERM (SIGKILL after a timeout,
 * which fails); kill() is SIGKILL; start() again restarts it on the same data directory. Call ensureBuilt() first.
 */
export class ComponentProcess {
  private proc: ChildProcess | undefined;
  private exited: Promise<ExitStatus> | undefined;
  private log = '';
  private runs = 0;

  constructor(readonly options: ComponentProcessOptions) {}

  get running(): boolean {
    return this.proc !== undefined;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Everything printed over every run. */
  get output(): string {
    return this.log;
  }

  async start(): Promise<void> {
    if (this.proc) throw new Error(`${this.options.name} is already running`);
    installExitHook();
    this.runs++;
    this.record(`\n=== ${this.options.name}: start #${this.runs} ===\n`);
    const o = this.options;
    const args = ['--enable-source-maps', CLI_ENTRY, 'start', '--components', o.components, '--config', o.configFile, '--data-dir', o.dataDir];
    const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, env: cellEnv(o.env), stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(proc);
    this.proc = proc;
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        live.delete(proc);
        if (this.proc === proc) this.proc = undefined;
        this.record(`\n=== ${o.name}: exit code=${code} signal=${signal} ===\n`);
        resolve({ code, signal });
      });
    });
    let seen = '';
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: string) => {
        this.record(chunk);
        seen += chunk;
        if (o.readyLines.every((line) => seen.includes(line))) resolve();
      };
      proc.stdout!.setEncoding('utf8').on('data', onData);
      proc.stderr!.setEncoding('utf8').on('data', onData);
      proc.on('error', reject);
      void this.exited!.then(({ code, signal }) => reject(new Error(`${o.name} exited before it was ready (code ${code}, signal ${signal})\n${this.tail()}`)));
    });
    const timeoutMs = o.readyTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${o.name} printed no ${JSON.stringify(o.readyLines)} within ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
    });
    try {
      await Promise.race([ready, timeout]);
    } catch (error) {
      if (this.proc === proc) await this.kill();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM, then waits for the exit; SIGKILL after `timeoutMs`, which fails. */
  async stop(timeoutMs = 20_000): Promise<ExitStatus> {
    const { proc, exited } = this.requireRunning();
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    const status = await exited;
    clearTimeout(timer);
    if (status.signal === 'SIGKILL') throw new Error(`${this.options.name} did not stop within ${timeoutMs} ms of SIGTERM\n${this.tail()}`);
    return status;
  }

  /** SIGKILL: the process dies at once, mid-write if need be. */
  async kill(): Promise<void> {
    const { proc, exited } = this.requireRunning();
    proc.kill('SIGKILL');
    await exited;
  }

  /** The last lines of output, for failure messages. */
  tail(chars = 4000): string {
    return `--- ${this.options.name} output (last ${chars} chars) ---\n${this.log.slice(-chars)}`;
  }

  private requireRunning(): { proc: ChildProcess; exited: Promise<ExitStatus> } {
    if (this.proc === undefined || this.exited === undefined) throw new Error(`${this.options.name} is not running`);
    return { proc: this.proc, exited: this.exited };
  }

  private record(text: string): void {
    this.log = (this.log + text).slice(-256 * 1024);
    if (this.options.logFile) appendFileSync(this.options.logFile, text);
  }
}

/** Never leave a component behind when Jest's worker exits, even after a failed test. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const proc of live) proc.kill('SIGKILL');
  });
}
