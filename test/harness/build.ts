import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (the folder holding package.json and dist/). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The compiled CLI that e2e tests spawn, exactly as `npm start` runs it. */
export const CLI_ENTRY = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

const SOURCE_ROOTS = ['domain', 'projections', 'schemas', 'src', 'bench'];
const STAMP = join(REPO_ROOT, 'dist', '.e2e-build-stamp');
const LOCK = join(tmpdir(), `continuum-e2e-build-${createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 12)}.lock`);
const LOCK_STALE_MS = 120_000;

/**
 * Makes sure dist/ holds a build of the current sources, running `npm run build` (scripts/build.mjs)
 * only when needed: the stamp it leaves records when the build started, and any source changed since
 * then (or a build by someone else, which wipes dist/ and the stamp) triggers a new one. Several Jest
 * workers may call this at once; a lock directory makes them build one at a time, and the later ones
 * find the stamp fresh and skip. Call it from beforeAll with a generous timeout.
 */
export async function ensureBuilt(): Promise<void> {
  await withLock(() => {
    if (isFresh()) return;
    const startedAt = Date.now();
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (run.status !== 0) {
      throw new Error(`cannot build dist/ for the e2e tests (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
    writeFileSync(STAMP, String(startedAt));
  });
}

function isFresh(): boolean {
  let builtAt: number;
  try {
    builtAt = Number(readFileSync(STAMP, 'utf8'));
    statSync(CLI_ENTRY);
  } catch {
    return false;
  }
  return SOURCE_ROOTS.every((root) => newestChange(join(REPO_ROOT, root)) < builtAt);
}

function newestChange(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestChange(p));
    else if (/\.(ts|avsc|json)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

async function withLock(work: () => void): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - lockTime() > LOCK_STALE_MS) rmLock();
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    work();
  } finally {
    rmLock();
  }
}

function lockTime(): number {
  try {
    return statSync(LOCK).mtimeMs;
  } catch {
    return Date.now();
  }
}

function rmLock(): void {
  try {
    rmdirSync(LOCK);
  } catch {
    // Already removed by a worker that judged it stale.
  }
}
