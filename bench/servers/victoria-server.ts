import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectOk, httpCall, keepAliveAgent, query, type HttpAnswer } from '../load/http.js';
import { METRIC, pointAt, totalPoints, type QuerySpec, type Workload } from '../workloads/workload.js';
import type { BenchServer, DiskUsage, IngestTarget } from './bench-server.js';
import { diskBytes, whenStable } from './disk-usage.js';
import { delay, freePort, ManagedProcess, scratchDir } from './managed-process.js';
import { missing, packageVersion, VICTORIA_PACKAGE } from './peer-package.js';

/**
 * VictoriaMetrics single-node (Debian `victoria-metrics`), started as /work/shared/reference/infra.md says:
 * 127.0.0.1, data in a fresh directory, 100 years of retention, Influx line protocol on /write with
 * `-influxSkipSingleField` (the metric is named after the measurement), reads with /api/v1/export (JSON
 * lines, one per series). flush() forces the in-memory parts to disk and a merge, then waits until the
 * directory size stops changing (the merge runs in the background).
 */
export class VictoriaServer implements BenchServer {
  readonly name = 'victoria' as const;
  private root = '';
  private port = 0;
  private process: ManagedProcess | undefined;
  private readonly agent = keepAliveAgent(1);

  unavailable(): string | undefined {
    return missing(VICTORIA_PACKAGE);
  }

  version(): string {
    return packageVersion(VICTORIA_PACKAGE);
  }

  async start(): Promise<void> {
    this.root = scratchDir(mkdtempSync(join(tmpdir(), 'bench-victoria-')));
    this.port = await freePort();
    const args = [
      `-httpListenAddr=127.0.0.1:${this.port}`,
      `-storageDataPath=${join(this.root, 'data')}`,
      '-retentionPeriod=100y',
      '-influxSkipSingleField',
      '-loggerLevel=WARN',
    ];
    this.process = new ManagedProcess('victoria-metrics', VICTORIA_PACKAGE.binary, args, { logFile: join(this.root, 'victoria.log') });
    await this.process.waitReady(async () => (await this.get('/health')).status === 200, 60_000);
  }

  ingestTarget(): IngestTarget {
    return { url: `${this.origin}/write`, headers: { 'Content-Type': 'text/plain' }, format: 'influx' };
  }

  async settle(w: Workload): Promise<void> {
    expectOk(await this.get('/internal/force_flush'), 'victoria force_flush');
    const last = pointAt(w, totalPoints(w) - 1);
    const q: QuerySpec = { label: 'host', value: `h${last.series}`, start: { seconds: last.seconds - 1 }, end: { seconds: last.seconds }, expectedPoints: 1 };
    for (let attempt = 0; attempt < 600; attempt++) {
      if (this.countPoints(await this.query(q)) === 1) return;
      await delay(100);
    }
    throw new Error(`victoria: the last point was not visible 60 s after force_flush\n${this.process?.tail()}`);
  }

  async query(q: QuerySpec): Promise<Buffer> {
    const params = query({ 'match[]': `${METRIC}{${q.label}="${q.value}"}`, start: `${q.start.seconds}.5`, end: `${q.end.seconds}.5` });
    return expectOk(await this.get(`/api/v1/export?${params}`), 'victoria export').body;
  }

  /** JSON lines, one per series: `{"metric":{…},"values":[…],"timestamps":[…]}`. */
  countPoints(answer: Buffer): number {
    let points = 0;
    for (const line of answer.toString('utf8').split('\n')) {
      if (line.trim() !== '') points += (JSON.parse(line) as { timestamps: unknown[] }).timestamps.length;
    }
    return points;
  }

  async flush(): Promise<void> {
    expectOk(await this.get('/internal/force_flush'), 'victoria force_flush');
    expectOk(await this.get('/internal/force_merge'), 'victoria force_merge');
    await whenStable(() => diskBytes(join(this.root, 'data')), { stableSamples: 4 });
  }

  peakRssBytes(): number {
    return this.requireProcess().peakRssBytes();
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    const status = await this.requireProcess().stop();
    if (status.code !== 0) console.error(`bench: victoria-metrics exited with code ${status.code}, signal ${status.signal}\n${this.process?.tail()}`);
  }

  diskUsage(): DiskUsage {
    return { totalBytes: diskBytes(join(this.root, 'data')), parts: {} };
  }

  async destroy(): Promise<void> {
    this.agent.destroy();
    if (this.process?.isRunning) await this.process.stop(5_000);
    if (this.root !== '') rmSync(this.root, { recursive: true, force: true });
  }

  private get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private get(path: string): Promise<HttpAnswer> {
    return httpCall(this.agent, `${this.origin}${path}`, { timeoutMs: 120_000 });
  }

  private requireProcess(): ManagedProcess {
    if (this.process === undefined) throw new Error('victoria-metrics is not started');
    return this.process;
  }
}
