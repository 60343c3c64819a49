import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Checkpoint } from '../../../domain/ports/checkpoint.js';
import type { CommandLog } from '../../../domain/ports/command-log.js';
import type { LogSource } from '../../../domain/ports/log-source.js';
import type { TopicEvents, TopicName } from '../../../domain/ports/topics.js';
import type { Attributes, Labels, Series } from '../../../domain/series/series.js';
import { TokenCodec } from '../../../domain/tokens/token-codec.js';
import { mintTokens } from '../../../domain/tokens/token-factory.js';
import type { Config } from '../../config/config.js';
import { loadConfig } from '../../config/config.loader.js';
import { tokenCodecOf } from '../../infrastructure/infrastructure.module.js';
import { COMMAND_LOG } from '../../infrastructure/tokens.js';
import { LOG_POSITION_HEADER, parseLogPosition } from '../shared/log-position.header.js';
import { createHttpApp } from '../shared/http-server.js';
import { StandaloneModule } from '../standalone/standalone.module.js';

/**
 * Test fixture for the ingress endpoints: a whole standalone cell on the in-memory adapters, driven through
 * Fastify's `inject` (no socket), with tokens minted from the cell's own fresh keys. Reads (/fetch, /find)
 * pass the write's log position, so they see it without polling.
 */

export const OWNER = '11111111-1111-4111-8111-111111111111';
export const PRODUCER = '22222222-2222-4222-8222-222222222222';
export const OTHER_OWNER = '33333333-3333-4333-8333-333333333333';

export interface Answer {
  readonly status: number;
  readonly body: string;
  /** The X-Continuum-Log-Position of the answer ('' when absent). */
  readonly position: string;
  readonly headers: Record<string, unknown>;
}

/** What the in-memory log offers beyond CommandLog: a reader per topic. */
export interface ReadableLog extends CommandLog {
  source<T extends TopicName>(topic: T): LogSource<T>;
}

/** What to mint; unset fields are those of the cell's own tokens (app1, OWNER, PRODUCER). */
export interface TokenSpec {
  readonly app?: string;
  readonly owner?: string;
  readonly producer?: string;
  readonly labels?: Labels;
  /** Attributes of the write token (e.g. `.noupdate`, `.maxpast`). */
  readonly writeAttributes?: Attributes;
  /** Attributes of the read token (e.g. `.expose`). */
  readonly readAttributes?: Attributes;
  /** Producers the read token may read (default: the producer; `[]`: any). */
  readonly readProducers?: readonly string[];
  /** Owners the read token may read (default: the owner; `[]`: any). */
  readonly readOwners?: readonly string[];
  readonly ttlMs?: bigint;
  /** Issuance time in ms (default: now); with a short TTL, makes an expired token. */
  readonly issuedMs?: bigint;
}

export interface SendOptions {
  /** The token header; `null` sends none. Default: the cell's write token. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
  readonly gzip?: boolean;
  /** A raw body, sent as is (overrides the text body). */
  readonly raw?: Buffer;
}

/** One in-memory standalone cell per test file (or per `describe`), closed by `close()`. */
export class IngressCell {
  private readonly seenOffsets = new Map<string, Map<number, number>>();

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: Config,
    /** Write and read tokens of app `app1`, owner OWNER, producer PRODUCER. */
    readonly write: string,
    readonly read: string,
    private readonly dataDir: string,
  ) {}

  /** Starts a cell with Warp 10 configuration keys overridden (e.g. `{ 'ingress.parse.attributes': 'true' }`). */
  static async start(overrides: Record<string, string> = {}): Promise<IngressCell> {
    const dataDir = mkdtempSync(join(tmpdir(), 'continuum-ingress-'));
    const { config } = loadConfig({ dataDir, env: {}, overrides });
    const app = await createHttpApp(StandaloneModule.forRoot(config, 'memory'), {
      maxBodyBytes: config.get('ingress.http.maxbodysize'),
      corsHeaders: [],
      logger: false,
    });
    await app.getHttpAdapter().getInstance().ready();
    const tokens = mint(config, { app: 'app1', owner: OWNER, producer: PRODUCER });
    return new IngressCell(app, config, tokens.write, tokens.read, dataDir);
  }

  async close(): Promise<void> {
    await this.app.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A read and a write token minted from this cell's keys. */
  tokens(spec: TokenSpec = {}): { read: string; write: string } {
    return mint(this.config, spec);
  }

  /** POST /api/v0/update (token in the header unless `path` gives the token for the path form). */
  update(body: string, options: SendOptions & { readonly path?: string } = {}): Promise<Answer> {
    const url = options.path === undefined ? '/api/v0/update' : `/api/v0/update/${options.path}`;
    const token = options.path === undefined ? options.token : null;
    return this.send('POST', url, body, { ...options, token });
  }

  /** POST /api/v0/meta. */
  meta(body: string, options: SendOptions = {}): Promise<Answer> {
    return this.send('POST', '/api/v0/meta', body, options);
  }

  /** GET /api/v0/delete with the given parameters (a `true` value sends the bare parameter name). */
  delete(params: Record<string, string | true>, options: SendOptions = {}): Promise<Answer> {
    return this.send('GET', `/api/v0/delete?${query(params)}`, undefined, options);
  }

  /** GET /api/v0/fetch with the cell's read token, waiting for `position`. */
  fetch(params: Record<string, string>, position = '', token = this.read): Promise<Answer> {
    return this.send('GET', `/api/v0/fetch?${query(params)}`, undefined, { token, headers: positionHeader(position) });
  }

  /** GET /api/v0/find with the cell's read token, waiting for `position`. */
  find(params: Record<string, string>, position = '', token = this.read): Promise<Answer> {
    return this.send('GET', `/api/v0/find?${query(params)}`, undefined, { token, headers: positionHeader(position) });
  }

  /** Every log position answered so far, merged (per topic and partition the largest offset): reads given it see every write. */
  get seen(): string {
    return [...this.seenOffsets]
      .map(([topic, offsets]) => `${topic}:${[...offsets].map(([p, o]) => `${p}=${o}`).join(',')}`)
      .join(';');
  }

  /** Fetch text of `selector` over the whole long range (labels sorted), seeing every write so far. */
  async fetchAll(selector: string, position = this.seen, extra: Record<string, string> = {}, token = this.read): Promise<string> {
    const r = await this.fetch({ selector, start: String(-(2n ** 62n)), end: String(2n ** 62n), sortmeta: 'true', ...extra }, position, token);
    if (r.status !== 200) throw new Error(`fetch ${selector} answered ${r.status}: ${r.body}`);
    return r.body;
  }

  /** Find text of `selector` (labels sorted), seeing every write so far. */
  async findAll(selector: string, position = this.seen, token = this.read): Promise<string> {
    const r = await this.find({ selector, sortmeta: 'true' }, position, token);
    if (r.status !== 200) throw new Error(`find ${selector} answered ${r.status}: ${r.body}`);
    return r.body;
  }

  /** The command log the ingress appends to (the in-memory log, which also reads). */
  get log(): ReadableLog {
    return this.app.get<symbol, ReadableLog>(COMMAND_LOG);
  }

  /** Records in the log per topic: the sum over partitions of the high-water marks. */
  async logSize(): Promise<{ data: number; metadata: number }> {
    const sum = (cp: Checkpoint) => [...cp.values()].reduce((a, b) => a + b, 0);
    return { data: sum(await this.log.source('data').end()), metadata: sum(await this.log.source('metadata').end()) };
  }

  /** Every event of a topic appended so far, partition by partition. */
  async events<T extends TopicName>(topic: T): Promise<TopicEvents[T][]> {
    const source = this.log.source(topic);
    const end = await source.end();
    const wanted = [...end.values()].reduce((a, b) => a + b, 0);
    const out: TopicEvents[T][] = [];
    if (wanted === 0) return out;
    const abort = new AbortController();
    for await (const batch of source.read({ from: new Map(), signal: abort.signal })) {
      for (const record of batch) out.push(record.event);
      if (out.length >= wanted) break;
    }
    abort.abort();
    await source.close();
    return out;
  }

  /** Series registered in the log (SeriesRegistered events), in log order. */
  async registered(): Promise<Series[]> {
    return (await this.events('metadata')).flatMap((e) => (e.type === 'SeriesRegistered' ? [e.series] : []));
  }

  /** Timestamps of the points stored in the log for series of class `className`, in log order. */
  async timestamps(className: string): Promise<bigint[]> {
    const ids = new Set((await this.registered()).filter((s) => s.className === className).map((s) => s.id));
    return (await this.events('data')).flatMap((e) => (e.type === 'DatapointsStored' && ids.has(e.series) ? e.points.map((p) => p.ts) : []));
  }

  private async send(method: 'GET' | 'POST', url: string, body: string | undefined, options: SendOptions): Promise<Answer> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const token = options.token === undefined ? this.write : options.token;
    if (token !== null) headers['X-Warp10-Token'] = token;
    let payload: Buffer | string | undefined = options.raw ?? body;
    if (options.gzip && payload !== undefined) {
      payload = gzipSync(Buffer.from(payload));
      headers['content-type'] = 'application/gzip';
    } else if (payload !== undefined && headers['content-type'] === undefined) {
      headers['content-type'] = 'text/plain';
    }
    const res = await this.app.getHttpAdapter().getInstance().inject({ method, url, headers, payload });
    const header = res.headers[LOG_POSITION_HEADER.toLowerCase()];
    const position = typeof header === 'string' ? header : '';
    this.remember(position);
    return { status: res.statusCode, body: res.body, position, headers: res.headers };
  }

  private remember(position: string): void {
    for (const [topic, offsets] of Object.entries(parseLogPosition(position))) {
      const seen = this.seenOffsets.get(topic) ?? new Map<number, number>();
      this.seenOffsets.set(topic, seen);
      for (const [p, o] of offsets) seen.set(p, Math.max(o, seen.get(p) ?? 0));
    }
  }
}

/** A valid write token of another cell (other keys): this cell must refuse it. */
export function foreignWriteToken(): string {
  const codec = new TokenCodec({ tokenAes: new Uint8Array(16).fill(9), tokenHash: new Uint8Array(16).fill(8) });
  const { write } = mintTokens({ app: 'app1', owner: OWNER, producer: OWNER, ttlMs: 3_600_000n, nowMs: BigInt(Date.now()) });
  return codec.encodeWrite(write);
}

function mint(config: Config, spec: TokenSpec): { read: string; write: string } {
  const { read, write } = mintTokens({
    app: spec.app ?? 'app1',
    owner: spec.owner ?? OWNER,
    producer: spec.producer ?? PRODUCER,
    ttlMs: spec.ttlMs ?? 3_600_000n,
    nowMs: spec.issuedMs ?? BigInt(Date.now()),
    labels: spec.labels,
    write: { attributes: spec.writeAttributes },
    read: { attributes: spec.readAttributes, producers: spec.readProducers, owners: spec.readOwners },
  });
  const codec = tokenCodecOf(config);
  return { read: codec.encodeRead(read), write: codec.encodeWrite(write) };
}

function query(params: Record<string, string | true>): string {
  return Object.entries(params)
    .map(([k, v]) => (v === true ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
    .join('&');
}

function positionHeader(position: string): Record<string, string> {
  return position === '' ? {} : { [LOG_POSITION_HEADER]: position };
}
