import { spawn } from 'node:child_process';
import { CLI_ENTRY, REPO_ROOT } from './build.js';

/** What a CLI command printed and how it ended. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Extra environment; the test runner's own CONTINUUM_* variables are never passed on. */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the command (SIGKILL) after this many ms; default 60 s. */
  readonly timeoutMs?: number;
}

/**
 * Runs `node dist/src/cli/main.js <args>` to completion (e.g. `token …`, `replay store …`) and returns
 * its exit code and output; it does not throw on a non-zero exit, so tests can assert on failures.
 * Call ensureBuilt() first.
 */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', CLI_ENTRY, ...args], {
      cwd: REPO_ROOT,
      env: cellEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * The environment of a spawned cell or command: ours minus CONTINUUM_* (so nothing leaks in), without colour
 * codes in logs (NO_COLOR, so captured output reads well in failure messages), plus `extra`.
 */
export function cellEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CONTINUUM_')) env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Formats a finished command for an assertion message. */
export function describeRun(args: readonly string[], r: CliResult): string {
  return `continuum ${args.join(' ')} → exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
