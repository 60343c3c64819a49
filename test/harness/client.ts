import { request, type IncomingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import { mergePositions } from './log-position.js';

/** Query or form parameters; undefined values are left out, `true` is sent as `true`. */
export type Params = Readonly<Record<string, string | number | bigint | boolean | undefined>>;

/** What a request answered: raw bytes for exact comparisons, text for messages. */
export interface HttpResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body decoded as UTF-8. */
  readonly body: string;
  readonly bytes: Buffer;
  /** The `X-Continuum-Log-Position` header of a write, if any. */
  readonly position: string | undefined;
}

/** Tokens the client sends when a call gives none; `null` in a call sends no token at all. */
export interface ClientTokens {
  readonly read?: string;
  readonly write?: string;
}

interface CallOptions {
  /** Token for this call; undefined uses the client's default, null sends none. */
  readonly token?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface WriteOptions extends CallOptions {
  /** Compress the body and send `Content-Type: application/gzip` (reference §1.1). */
  readonly gzip?: boolean;
  /** /update only: put the token in the path (`/api/v0/update/<token>`) instead of the header. */
  readonly tokenInPath?: boolean;
}

export interface ReadOptions extends CallOptions {
  /** Read your writes: sent as the `X-Continuum-Log-Position` header. */
  readonly position?: string;
  /** GET (query string, default) or POST (form body). */
  readonly method?: 'GET' | 'POST';
  /** Send the token as the `token` parameter instead of the header (/fetch, /find). */
  readonly tokenAsParam?: boolean;
}

const TOKEN_HEADER = 'X-Warp10-Token';
const POSITION_HEADER = 'X-Continuum-Log-Position';
const TIMEOUT_MS = 30_000;

/**
 * Typed HTTP client for a cell's Warp 10 endpoints, as a user calls them. It uses node:http with a fresh
 * connection per request (no keep-alive pool that a killed cell would leave half-open) and asks for no
 * compression, so `bytes` are exactly what the server wrote. It never throws on an HTTP status: tests
 * assert on `status` and `body`. Every log position seen on a write is merged into `seenPosition`, so a
 * test can read after all its writes with `{ position: client.seenPosition }`.
 */
export class Client {
  private seen = '';

  /** `origin` is asked on every call, so a cell restarted on another port keeps its clients. */
  constructor(
    private readonly origin: () => string,
    readonly tokens: ClientTokens = {},
  ) {}

  /** Merge of every log position this client has received. */
  get seenPosition(): string {
    return this.seen;
  }

  /** Merges positions of writes made elsewhere (e.g. by another client) into `seenPosition`. */
  observe(...positions: (string | undefined)[]): void {
    this.seen = mergePositions(this.seen, ...positions);
  }

  /** `POST /api/v0/update` (reference §1.1). */
  update(body: string | Buffer, options: WriteOptions = {}): Promise<HttpResult> {
    const token = this.pick(options.token, this.tokens.write);
    const path = options.tokenInPath && token !== undefined ? `/api/v0/update/${token}` : '/api/v0/update';
    const headers = options.tokenInPath ? { ...options.headers } : withToken(options.headers, token);
    return this.write('POST', path, body, headers, options.gzip);
  }

  /** `POST /api/v0/meta` (reference §5.1). */
  meta(body: string | Buffer, options: WriteOptions = {}): Promise<HttpResult> {
    const token = this.pick(options.token, this.tokens.write);
    return this.write('POST', '/api/v0/meta', body, withToken(options.headers, token), options.gzip);
  }

  /** `GET /api/v0/delete` (reference §5.2). */
  async delete(params: Params, options: ReadOptions = {}): Promise<HttpResult> {
    const token = this.pick(options.token, this.tokens.write);
    const headers = withPosition(withToken(options.headers, token), options.position);
    const result = await this.send('GET', `/api/v0/delete?${encode(params)}`, undefined, headers);
    this.remember(result);
    return result;
  }

  /** `GET|POST /api/v0/fetch` (reference §7.1). */
  fetch(params: Params, options: ReadOptions = {}): Promise<HttpResult> {
    return this.read('/api/v0/fetch', params, options);
  }

  /** `GET|POST /api/v0/find` (reference §6.4). */
  find(params: Params, options: ReadOptions = {}): Promise<HttpResult> {
    return this.read('/api/v0/find', params, options);
  }

  /** `GET /api/v0/check`. */
  check(): Promise<HttpResult> {
    return this.send('GET', '/api/v0/check');
  }

  /** Any request, for cases the helpers do not cover. */
  send(method: string, path: string, body?: Buffer, headers: Readonly<Record<string, string>> = {}): Promise<HttpResult> {
    const url = new URL(path, this.origin());
    return new Promise<HttpResult>((resolve, reject) => {
      const req = request(url, { method, agent: false, headers: { ...headers, 'Accept-Encoding': 'identity' }, timeout: TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const position = res.headers[POSITION_HEADER.toLowerCase()];
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes, position: typeof position === 'string' ? position : undefined });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} took longer than ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  private async write(method: string, path: string, body: string | Buffer, headers: Record<string, string>, gzip = false): Promise<HttpResult> {
    const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const payload = gzip ? gzipSync(raw) : raw;
    const contentType = gzip ? 'application/gzip' : 'text/plain; charset=utf-8';
    const result = await this.send(method, path, payload, { 'Content-Type': contentType, ...headers });
    this.remember(result);
    return result;
  }

  private read(path: string, params: Params, options: ReadOptions): Promise<HttpResult> {
    const token = this.pick(options.token, this.tokens.read);
    const all = options.tokenAsParam ? { ...params, token } : params;
    const headers = withPosition(options.tokenAsParam ? { ...options.headers } : withToken(options.headers, token), options.position);
    if (options.method === 'POST') {
      return this.send('POST', path, Buffer.from(encode(all)), { 'Content-Type': 'application/x-www-form-urlencoded', ...headers });
    }
    return this.send('GET', `${path}?${encode(all)}`, undefined, headers);
  }

  private pick(given: string | null | undefined, fallback: string | undefined): string | undefined {
    if (given === null) return undefined;
    return given ?? fallback;
  }

  private remember(result: HttpResult): void {
    if (result.status === 200 && result.position !== undefined) this.seen = mergePositions(this.seen, result.position);
  }
}

/** Query-string / form encoding of parameters (space as `+`, everything else percent-encoded). */
export function encode(params: Params): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.append(k, String(v));
  return search.toString();
}

function withToken(headers: Readonly<Record<string, string>> | undefined, token: string | undefined): Record<string, string> {
  return token === undefined ? { ...headers } : { [TOKEN_HEADER]: token, ...headers };
}

function withPosition(headers: Record<string, string>, position: string | undefined): Record<string, string> {
  return position === undefined || position === '' ? headers : { [POSITION_HEADER]: position, ...headers };
}
