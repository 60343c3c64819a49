import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_POSITION_HEADER } from '../apps/shared/log-position.header.js';
import { startStandalone } from '../apps/standalone/main.js';
import { loadConfig } from '../config/config.loader.js';
import { tokenCodecOf } from '../infrastructure/infrastructure.module.js';
import { warmUpValue, warmUpValueText } from '../infrastructure/warm-up/warm-up-value.js';
import { ensureTokensFile } from './tokens-file.js';

const SERIES = 200;
const ROUNDS = 30;
const POINTS_PER_ROUND = 10;
const BASE_S = 1_600_000_000;
const ONE_SERIES_READS = 300;
const GROUP_READS = 40;

/**
 * Warms the main thread's code up before a standalone cell starts: a scratch cell (same modules, fresh temporary data
 * directory, removed after) is written to and read from over HTTP like a client would — /update bodies of a few
 * points per series, /fetch of one series and of a label group — then closed. V8 compiles what the real cell will run
 * for its first clients (HTTP, routing, token checks, parsing, the log's encoding and decoding, projections,
 * formatting); without it a fresh cell served its first ~25 reads 2–4× slower than later ones and applied its first
 * writes late. Costs about a second at start; the real data directory is never touched. A failure only logs.
 */
export async function warmUpMainThread(log: (line: string) => void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'continuum-warm-up-'));
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  try {
    // The scratch cell's own store thread is another V8 isolate: warming it would warm nothing of the real cell's.
    const { config } = loadConfig({ dataDir: dir, env: {}, overrides: { 'standalone.host': '127.0.0.1', 'standalone.port': '0', 'runtime.warmup': 'false' } });
    const { tokens } = ensureTokensFile(dir, tokenCodecOf(config));
    const app = await startStandalone(config, { quiet: true, signals: false });
    try {
      const port = (app.getHttpServer().address() as AddressInfo).port;
      const call = (method: string, path: string, headers: Record<string, string>, body?: string) => httpCall(agent, port, method, path, headers, body);
      let position = '';
      for (let round = 0; round < ROUNDS; round++) {
        const answer = await call('POST', '/api/v0/update', { 'X-Warp10-Token': tokens.write, 'Content-Type': 'text/plain' }, roundBody(round));
        position = answer.headers[LOG_POSITION_HEADER.toLowerCase()] ?? position;
      }
      const read = { 'X-Warp10-Token': tokens.read, [LOG_POSITION_HEADER]: position };
      const end = `${BASE_S + ROUNDS * POINTS_PER_ROUND}000000`;
      for (let i = 0; i < ONE_SERIES_READS; i++) await call('GET', fetchPath(`host=h${(i * 61) % SERIES}`, `${BASE_S}000000`, end), read);
      const middle = [`${BASE_S + (ROUNDS * POINTS_PER_ROUND) / 4}000000`, `${BASE_S + (3 * ROUNDS * POINTS_PER_ROUND) / 4}000000`] as const;
      for (let i = 0; i < GROUP_READS; i++) await call('GET', fetchPath(`rack=r${i % 10}`, ...middle), read);
    } finally {
      await app.close();
    }
  } catch (error) {
    log(`warm-up skipped: ${(error as Error).message}`);
  } finally {
    agent.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** One round of a scraper's writes: every series, POINTS_PER_ROUND timestamps (µs), 2-decimal gauges and long counters. */
function roundBody(round: number): string {
  const lines: string[] = [];
  for (let k = 0; k < POINTS_PER_ROUND; k++) {
    const step = round * POINTS_PER_ROUND + k;
    for (let s = 0; s < SERIES; s++) {
      lines.push(`${BASE_S + step}000000// warmup{host=h${s},rack=r${s % 10},dc=dc${s % 3}} ${warmUpValueText(warmUpValue(step, s))}`);
    }
  }
  return lines.join('\n');
}

function fetchPath(labels: string, start: string, end: string): string {
  return `/api/v0/fetch?${new URLSearchParams({ selector: `warmup{${labels}}`, start, end, format: 'text' })}`;
}

/** One request; resolves with its headers once the whole answer was read, rejects on a status other than 200. */
function httpCall(agent: Agent, port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ headers: Record<string, string | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => (res.statusCode === 200 ? resolve({ headers: res.headers as Record<string, string | undefined> }) : reject(new Error(`${method} ${path.split('?')[0]} answered ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
