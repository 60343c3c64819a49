import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTokensFile, TOKENS_FILE } from '../../src/cli/tokens-file.js';
import { CLI_ENTRY, REPO_ROOT } from './build.js';
import { Client, type ClientTokens } from './client.js';
import { cellEnv, describeRun, runCli, type CliResult } from './cli.js';
import { eventually } from './eventually.js';

export interface CellOptions {
  /** Data directory; default: `data/` inside a fresh temp folder that destroy() removes. */
  readonly dataDir?: string;
  /** Extra environment for the process, e.g. `{ CONTINUUM_INGRESS_HTTP_MAXBODYSIZE: '1048576' }`. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for the "listening on" line; default 30 s. */
  readonly readyTimeoutMs?: number;
}

/** The two tokens a cell writes to `<data dir>/tokens.txt` on first start. */
export interface CellTokens {
  readonly read: string;
  readonly write: string;
}

/** Arguments of `continuum token`. */
export interface TokenRequest {
  readonly type: 'read' | 'write';
  readonly app?: string;
  readonly owner?: string;
  readonly producer?: string;
  readonly ttl?: string;
}

/** How a cell process ended. */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const OUTPUT_LIMIT = 256 * 1024;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * A standalone cell run as a real process, exactly as a user runs it:
 * `node dist/src/cli/main.js start --port N --data-dir DIR` (spawned directly, so SIGKILL hits the server and
 * not npm). start() picks a free port, waits for the `listening on http://127.0.0.1:N` line and a 200 from
 * /api/v0/check, and fails with the captured output if the process dies or stays silent. stop() sends
 * SIGTERM and returns the exit code; kill() sends SIGKILL; restart() starts again on the same data directory
 * (and port when it is still free). Output of every run is kept (see `output`) and appended to
 * `<temp>/cell.log` for post-mortems; set CONTINUUM_E2E_KEEP=1 to keep the temp folder. Call ensureBuilt()
 * before start().
 */
export class Cell {
  private proc: ChildProcess | undefined;
  private exited: Promise<ExitStatus> | undefined;
  private log = '';
  private runs = 0;
  private currentPort = 0;

  private constructor(
    readonly dataDir: string,
    private readonly tempRoot: string | undefined,
    private readonly options: CellOptions,
  ) {}

  /** Starts a cell on a free port; resolves once it serves /api/v0/check. */
  static async start(options: CellOptions = {}): Promise<Cell> {
    const tempRoot = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'continuum-e2e-')) : undefined;
    const cell = new Cell(options.dataDir ?? join(tempRoot!, 'data'), tempRoot, options);
    try {
      await cell.launch(await freePort());
    } catch (error) {
      await cell.destroy();
      throw error;
    }
    return cell;
  }

  get port(): number {
    return this.currentPort;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.currentPort}`;
  }

  get running(): boolean {
    return this.proc !== undefined;
  }

  /** Everything the process printed (stdout and stderr interleaved), over all runs, most recent last. */
  get output(): string {
    return this.log;
  }

  /** A client bound to this cell (it follows the cell across restarts). */
  client(tokens: ClientTokens = {}): Client {
    return new Client(() => this.origin, tokens);
  }

  /** The tokens of `<data dir>/tokens.txt` (its `read=…` and `write=…` lines). */
  readTokens(): CellTokens {
    const { read, write } = readTokensFile(join(this.dataDir, TOKENS_FILE));
    return { read, write };
  }

  /** Mints a token with `continuum token … --data-dir DIR` and returns the single line it prints. */
  async mintToken(request: TokenRequest): Promise<string> {
    const args = ['token', '--type', request.type];
    if (request.app !== undefined) args.push('--app', request.app);
    if (request.owner !== undefined) args.push('--owner', request.owner);
    if (request.producer !== undefined) args.push('--producer', request.producer);
    if (request.ttl !== undefined) args.push('--ttl', request.ttl);
    const r = await this.cli(args);
    const token = r.stdout.trim();
    if (r.code !== 0 || token === '' || token.includes('\n')) throw new Error(`cannot mint a token:\n${describeRun(args, r)}`);
    return token;
  }

  /** Runs a CLI command with `--data-dir` of this cell appended (e.g. `['replay', 'store']`). */
  cli(args: readonly string[]): Promise<CliResult> {
    return runCli([...args, '--data-dir', this.dataDir], { env: this.options.env });
  }

  /**
   * SIGTERM, then waits for the exit (SIGKILL after `timeoutMs`, which fails). Returns how the process ended:
   * a clean stop is `{ code: 0, signal: null }`; a process that let the signal kill it has `signal: 'SIGTERM'`.
   */
  async stop(timeoutMs = 20_000): Promise<ExitStatus> {
    const { proc, exited } = this.requireRunning();
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    const { code, signal } = await exited;
    clearTimeout(timer);
    if (signal === 'SIGKILL') throw new Error(`cell did not stop within ${timeoutMs} ms of SIGTERM\n${this.tail()}`);
    return { code, signal };
  }

  /** SIGKILL: the process dies at once, mid-write if need be. */
  async kill(): Promise<void> {
    const { proc, exited } = this.requireRunning();
    proc.kill('SIGKILL');
    await exited;
  }

  /** Starts the cell again on the same data directory, on the same port if it is still free. */
  async restart(): Promise<void> {
    if (this.running) throw new Error('cell is still running; stop() or kill() it first');
    await this.launch(this.currentPort);
  }

  /** Kills the process if it still runs and removes the temp folder (unless CONTINUUM_E2E_KEEP is set). */
  async destroy(): Promise<void> {
    if (this.running) await this.kill();
    if (this.tempRoot !== undefined && !process.env.CONTINUUM_E2E_KEEP) rmSync(this.tempRoot, { recursive: true, force: true });
  }

  /** The last lines of output, for failure messages. */
  tail(chars = 4000): string {
    return `--- cell output (last ${chars} chars) ---\n${this.log.slice(-chars)}`;
  }

  private requireRunning(): { proc: ChildProcess; exited: Promise<ExitStatus> } {
    if (this.proc === undefined || this.exited === undefined) throw new Error('cell is not running');
    return { proc: this.proc, exited: this.exited };
  }

  private async launch(port: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.spawnOnce(port);
        return;
      } catch (error) {
        if (!(error instanceof PortInUse) || attempt >= 3) throw error;
        port = await freePort();
      }
    }
  }

  private async spawnOnce(port: number): Promise<void> {
    installExitHook();
    this.currentPort = port;
    this.runs++;
    this.record(`\n=== start #${this.runs} on port ${port} ===\n`);
    const args = ['--enable-source-maps', CLI_ENTRY, 'start', '--port', String(port), '--data-dir', this.dataDir];
    const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, env: cellEnv(this.options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(proc);
    this.proc = proc;
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        live.delete(proc);
        if (this.proc === proc) this.proc = undefined;
        this.record(`\n=== exit code=${code} signal=${signal} ===\n`);
        resolve({ code, signal });
      });
    });
    const readyLine = `listening on http://127.0.0.1:${port}`;
    let seen = '';
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: string) => {
        this.record(chunk);
        seen += chunk;
        if (seen.includes(readyLine)) resolve();
      };
      proc.stdout!.setEncoding('utf8').on('data', onData);
      proc.stderr!.setEncoding('utf8').on('data', onData);
      proc.on('error', reject);
      void this.exited!.then(({ code, signal }) => {
        const why = `cell exited before it was ready (code ${code}, signal ${signal})\n${this.tail()}`;
        reject(seen.includes('EADDRINUSE') ? new PortInUse(why) : new Error(why));
      });
    });
    const timeoutMs = this.options.readyTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`cell printed no '${readyLine}' within ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
    });
    try {
      await Promise.race([ready, timeout]);
    } catch (error) {
      if (this.proc === proc) {
        proc.kill('SIGKILL');
        await this.exited;
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const check = await eventually(async () => {
      const r = await this.client().check();
      if (r.status !== 200) throw new Error(`/api/v0/check answered ${r.status}: ${r.body}`);
      return r;
    });
    if (check.status !== 200) throw new Error(`cell not healthy\n${this.tail()}`);
  }

  private record(text: string): void {
    this.log += text;
    if (this.log.length > OUTPUT_LIMIT) this.log = this.log.slice(-OUTPUT_LIMIT);
    if (this.tempRoot !== undefined) appendFileSync(join(this.tempRoot, 'cell.log'), text);
  }
}

class PortInUse extends Error {}

/** A TCP port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Never leave a cell behind when Jest's worker exits, even after a failed test. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const proc of live) proc.kill('SIGKILL');
  });
}
