import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** Every server process the harness started and has not seen exit: killed by PID on any way out. */
const live = new Set<ChildProcess>();
/** Temporary directories of the servers, removed when the harness is interrupted. */
const scratch = new Set<string>();
let hooksInstalled = false;

/** How a process ended. */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * A server process started by the harness: its output goes to `logFile` (and the last 8 KiB are kept for
 * error messages), it is killed if the harness exits, is interrupted (SIGINT/SIGTERM) or fails, and it is
 * only ever signalled by its own PID.
 */
export class ManagedProcess {
  private readonly proc: ChildProcess;
  private readonly exited: Promise<ExitStatus>;
  private running = true;
  private tailText = '';
  private readonly log: WriteStream;

  constructor(
    readonly label: string,
    command: string,
    args: readonly string[],
    options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv; readonly logFile: string },
  ) {
    installHooks();
    this.log = createWriteStream(options.logFile, { flags: 'a' });
    const proc = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(proc);
    this.proc = proc;
    const onData = (chunk: Buffer) => {
      this.log.write(chunk);
      this.tailText = (this.tailText + chunk.toString('utf8')).slice(-8192);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    this.exited = new Promise((resolve) => {
      proc.on('error', (error) => {
        onData(Buffer.from(`\n[harness] cannot start ${command}: ${error.message}\n`));
        live.delete(proc);
        this.running = false;
        resolve({ code: null, signal: null });
      });
      proc.on('exit', (code, signal) => {
        live.delete(proc);
        this.running = false;
        resolve({ code, signal });
      });
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The last output of the process, for error messages. */
  tail(): string {
    return `--- ${this.label} output (tail) ---\n${this.tailText}`;
  }

  /**
   * Waits until `ready()` resolves true (polled every 100 ms, bounded by `timeoutMs`); fails at once with the
   * output if the process exits first.
   */
  async waitReady(ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.label} exited before it was ready\n${this.tail()}`);
      if (await ready().catch(() => false)) return;
      await delay(100);
    }
    throw new Error(`${this.label} not ready within ${timeoutMs} ms\n${this.tail()}`);
  }

  /** Peak resident set size (VmHWM of /proc/<pid>/status), in bytes; call it before stop(). */
  peakRssBytes(): number {
    return procStatusBytes(this.pid, 'VmHWM');
  }

  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with how the process ended. */
  async stop(timeoutMs = 60_000): Promise<ExitStatus> {
    if (this.running) this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    const status = await this.exited;
    clearTimeout(timer);
    await new Promise<void>((resolve) => this.log.end(resolve));
    return status;
  }
}

/** A memory figure of `/proc/<pid>/status` (`VmRSS`, `VmHWM`…, given there in kB), in bytes. */
export function procStatusBytes(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const at = status.indexOf(`${field}:`);
  if (at < 0) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number.parseInt(status.slice(at + field.length + 1).trim(), 10) * 1024;
}

/** Kills every process still running (SIGKILL, by PID). */
export function killAll(): void {
  for (const proc of live) proc.kill('SIGKILL');
  live.clear();
}

/**
 * Registers a server's temporary directory: the harness removes it if it is interrupted (a normal run removes
 * it in the server's destroy()). Returns `dir`.
 */
export function scratchDir(dir: string): string {
  installHooks();
  scratch.add(dir);
  return dir;
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\nbench: ${signal}, stopping the servers it started`);
      killAll();
      for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
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

/** Waits `ms` milliseconds (between polls of a bounded loop, never as a test synchronisation). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
