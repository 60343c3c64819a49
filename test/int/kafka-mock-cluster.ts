import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A librdkafka mock Kafka cluster (reference infra.md) run by `kcat`: real protocol, nothing persisted. */
export interface MockKafka {
  readonly brokers: string[];
  /** Stops the kcat process (by its PID) and removes its directory. */
  stop(): Promise<void>;
}

/** True when `kcat` can be run here. */
export function hasKcat(): boolean {
  return spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts a mock cluster of `brokers` brokers (topics are auto-created with 4 partitions on first use)
 * and resolves its bootstrap servers once kcat has written them to its log.
 */
export async function startMockKafka(brokers = 3): Promise<MockKafka> {
  const dir = mkdtempSync(join(tmpdir(), 'continuum-kmock-'));
  const logPath = join(dir, 'kmock.log');
  const fd = openSync(logPath, 'w');
  const child: ChildProcess = spawn('kcat', ['-b', '127.0.0.1:1', '-X', `test.mock.num.brokers=${brokers}`, '-C', '-t', '_mock_keepalive', '-o', 'end', '-q', '-d', 'mock'], {
    stdio: ['ignore', 'ignore', fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    const match = /bootstrap\.servers=([0-9.:,]+)/.exec(readFileSync(logPath, 'utf8'));
    if (match) return { brokers: match[1].split(','), stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = readFileSync(logPath, 'utf8').slice(0, 2000);
  await stop();
  throw new Error(`cannot start the mock Kafka cluster (kcat): no bootstrap servers in its log:\n${log}`);
}

/**
 * `describe` when kcat can run here, else `describe.skip` after saying so (naming `file`): the suites of the mock
 * cluster skip cleanly on a machine without it.
 */
export function describeIfKcat(file: string): jest.Describe {
  if (hasKcat()) return describe;
  console.warn(`${file} skipped: kcat (librdkafka mock cluster) is not installed; see reference infra.md`);
  return describe.skip;
}

/**
 * Starts a mock cluster of `brokers` brokers before the tests of the enclosing describe and stops it after them;
 * returns a getter of it (valid inside tests and hooks).
 */
export function useMockKafka(brokers = 3): () => MockKafka {
  let mock: MockKafka | undefined;
  beforeAll(async () => {
    mock = await startMockKafka(brokers);
  });
  afterAll(async () => {
    await mock?.stop();
  });
  return () => {
    if (mock === undefined) throw new Error('the mock Kafka cluster is not started (use it inside tests)');
    return mock;
  };
}
