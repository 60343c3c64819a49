import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectOk, httpCall, keepAliveAgent, query, type HttpAnswer } from '../load/http.js';
import { FIELD, METRIC, pointAt, totalPoints, type QuerySpec, type Workload } from '../workloads/workload.js';
import type { BenchServer, DiskUsage, IngestTarget } from './bench-server.js';
import { diskBytes, whenStable } from './disk-usage.js';
import { delay, freePort, ManagedProcess, scratchDir } from './managed-process.js';
import { INFLUX_PACKAGE, missing, packageVersion } from './peer-package.js';

const DATABASE = 'bench';

/**
 * The configuration of a benchmark influxd: everything on 127.0.0.1 and under `root`, no reporting, no
 * self-monitoring store, no row or tag-value limits (W2 has 100,000 `host` values), and a cache snapshot
 * 2 s / full compaction 5 s after the last write, so that "on disk after flush" means written as TSM files
 * (InfluxDB 1.x has no flush endpoint). These cold durations only act once writes have stopped.
 */
export function influxConfig(root: string, httpPort: number, rpcPort: number): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${join(root, 'meta')}"
[data]
  dir = "${join(root, 'data')}"
  wal-dir = "${join(root, 'wal')}"
  query-log-enabled = false
  max-values-per-tag = 0
  cache-snapshot-write-cold-duration = "2s"
  compact-full-write-cold-duration = "5s"
[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  max-row-limit = 0
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
[logging]
  level = "warn"
`;
}

/**
 * InfluxDB 1.x (Debian `influxdb`): `influxd run -config` with the configuration above, one database,
 * Influx line protocol (ns) on /write, reads with InfluxQL on /query (`GROUP BY *`, so one series per
 * label set, as the other servers answer). flush() waits until the write-ahead log has been snapshotted
 * and the directory size stops changing.
 */
export class InfluxServer implements BenchServer {
  readonly name = 'influx' as const;
  private root = '';
  private port = 0;
  private process: ManagedProcess | undefined;
  private readonly agent = keepAliveAgent(1);

  unavailable(): string | undefined {
    return missing(INFLUX_PACKAGE);
  }

  version(): string {
    return packageVersion(INFLUX_PACKAGE);
  }

  async start(): Promise<void> {
    this.root = scratchDir(mkdtempSync(join(tmpdir(), 'bench-influx-')));
    this.port = await freePort();
    const config = join(this.root, 'influxdb.conf');
    writeFileSync(config, influxConfig(this.root, this.port, await freePort()));
    this.process = new ManagedProcess('influxd', INFLUX_PACKAGE.binary, ['run', '-config', config], { logFile: join(this.root, 'influxd.log') });
    await this.process.waitReady(async () => (await this.call('/ping')).status === 204, 60_000);
    expectOk(await this.call(`/query?${query({ q: `CREATE DATABASE ${DATABASE}` })}`, Buffer.alloc(0)), 'influx CREATE DATABASE');
  }

  ingestTarget(): IngestTarget {
    return { url: `${this.origin}/write?${query({ db: DATABASE })}`, headers: { 'Content-Type': 'text/plain' }, format: 'influx' };
  }

  async settle(w: Workload): Promise<void> {
    const last = pointAt(w, totalPoints(w) - 1);
    const q: QuerySpec = { label: 'host', value: `h${last.series}`, start: { seconds: last.seconds - 1 }, end: { seconds: last.seconds }, expectedPoints: 1 };
    for (let attempt = 0; attempt < 600; attempt++) {
      if (this.countPoints(await this.query(q)) === 1) return;
      await delay(100);
    }
    throw new Error(`influx: the last point was not visible 60 s after the load\n${this.process?.tail()}`);
  }

  async query(q: QuerySpec): Promise<Buffer> {
    const where = `"${q.label}" = '${q.value}' AND time >= ${q.start.seconds}500000000 AND time <= ${q.end.seconds}500000000`;
    const params = query({ db: DATABASE, epoch: 'ns', q: `SELECT "${FIELD}" FROM "${METRIC}" WHERE ${where} GROUP BY *` });
    return expectOk(await this.call(`/query?${params}`), 'influx query', [200]).body;
  }

  /** `{"results":[{"series":[{"values":[[t,v],…]},…]}]}`; a query error inside a 200 is thrown. */
  countPoints(answer: Buffer): number {
    const parsed = JSON.parse(answer.toString('utf8')) as { results: { error?: string; series?: { values: unknown[] }[] }[] };
    let points = 0;
    for (const result of parsed.results) {
      if (result.error !== undefined) throw new Error(`influx query error: ${result.error}`);
      for (const series of result.series ?? []) points += series.values.length;
    }
    return points;
  }

  async flush(): Promise<void> {
    const wal = join(this.root, 'wal');
    for (let attempt = 0; attempt < 1200 && diskBytes(wal) > 64 * 1024; attempt++) await delay(100);
    await whenStable(() => diskBytes(this.root), { stableSamples: 6 });
  }

  peakRssBytes(): number {
    return this.requireProcess().peakRssBytes();
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    const status = await this.requireProcess().stop();
    if (status.code !== 0) console.error(`bench: influxd exited with code ${status.code}, signal ${status.signal}\n${this.process?.tail()}`);
  }

  /** Data, index, write-ahead log and meta store (not the harness's own config and log files). */
  diskUsage(): DiskUsage {
    const parts = { data: diskBytes(join(this.root, 'data')), wal: diskBytes(join(this.root, 'wal')), meta: diskBytes(join(this.root, 'meta')) };
    return { totalBytes: parts.data + parts.wal + parts.meta, parts };
  }

  async destroy(): Promise<void> {
    this.agent.destroy();
    if (this.process?.isRunning) await this.process.stop(5_000);
    if (this.root !== '') rmSync(this.root, { recursive: true, force: true });
  }

  private get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private call(path: string, body?: Buffer): Promise<HttpAnswer> {
    return httpCall(this.agent, `${this.origin}${path}`, { body, timeoutMs: 120_000 });
  }

  private requireProcess(): ManagedProcess {
    if (this.process === undefined) throw new Error('influxd is not started');
    return this.process;
  }
}
