// The test command of the README (`npm test`): runs every Jest project (unit, contract, e2e) and ends with
// one line `N passed, N failed, N skipped`, which CI reads. Extra arguments go to Jest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'continuum-jest-'));
const out = join(dir, 'results.json');
const args = ['jest', '--ci', '--json', `--outputFile=${out}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit', env: process.env });
let summary = '0 passed, 1 failed';
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  // Suites that failed to run (syntax error, crash) count as a failure even with no failed test.
  const broken = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  summary = `${r.numPassedTests} passed, ${r.numFailedTests + broken} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
} catch {
  // Jest did not write results: it failed before running tests.
}
rmSync(dir, { recursive: true, force: true });
console.log(summary);
process.exit(run.status ?? 1);
