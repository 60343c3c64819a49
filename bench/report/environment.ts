import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { ServerName } from '../servers/bench-server.js';

/** What the report says about the run's circumstances (versions, commit, machine, load). */
export interface RunEnvironment {
  readonly startedAt: string;
  readonly commit: string;
  /** Tracked files with uncommitted changes when the run started (the build includes them). */
  readonly uncommittedFiles: number;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly loadavgStart: string;
  loadavgEnd: string;
  readonly versions: Partial<Record<ServerName, string>>;
  /** Servers skipped, and why. */
  readonly skipped: string[];
}

function git(repo: string, args: readonly string[]): string | undefined {
  const r = spawnSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
}

/** Reads the environment at the start of a run; `repo` is the checkout Continuum was built from. */
export function captureEnvironment(repo: string, versions: Partial<Record<ServerName, string>>, skipped: string[], loadavg: string): RunEnvironment {
  const cpuList = cpus();
  let cpu = cpuList[0]?.model ?? 'unknown';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // Not Linux: os.cpus() is enough.
  }
  const status = git(repo, ['status', '--porcelain', '--untracked-files=no']);
  return {
    startedAt: new Date().toISOString(),
    commit: git(repo, ['rev-parse', '--short=12', 'HEAD'])?.trim() ?? 'unknown',
    uncommittedFiles: status === undefined ? 0 : status.split('\n').filter((l) => l.trim() !== '').length,
    node: process.version,
    cpu: cpu.trim(),
    cores: cpuList.length,
    memoryGiB: totalmem() / 1024 ** 3,
    loadavgStart: loadavg,
    loadavgEnd: '',
    versions,
    skipped,
  };
}
