import { Agent, request, type IncomingHttpHeaders } from 'node:http';

/** What a request answered. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpCall {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** The request fails after this long without an answer; default 300 s (a loaded server is slow, not dead). */
  readonly timeoutMs?: number;
}

/**
 * A keep-alive agent holding at most `sockets` connections to one server: the load driver gives each of
 * its workers one connection, as a scraper or a client library would. Call `destroy()` when done, or the
 * idle sockets keep the harness alive.
 */
export function keepAliveAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

/** One HTTP request on `agent`; never throws on a status, only on a network error or a timeout. */
export function httpCall(agent: Agent, url: string, call: HttpCall = {}): Promise<HttpAnswer> {
  const timeoutMs = call.timeoutMs ?? 300_000;
  return new Promise<HttpAnswer>((resolve, reject) => {
    const headers: Record<string, string> = { 'Accept-Encoding': 'identity', ...call.headers };
    if (call.body !== undefined) headers['Content-Length'] = String(call.body.length);
    const req = request(url, { method: call.method ?? (call.body === undefined ? 'GET' : 'POST'), agent, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('timeout', () => req.destroy(new Error(`${url} gave no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(call.body);
  });
}

/** Throws with the start of the body when `answer` is not one of the `ok` statuses. */
export function expectOk(answer: HttpAnswer, what: string, ok: readonly number[] = [200, 204]): HttpAnswer {
  if (!ok.includes(answer.status)) throw new Error(`${what} answered ${answer.status}: ${answer.body.subarray(0, 500).toString('utf8')}`);
  return answer;
}

/** A URL query string (values percent-encoded). */
export function query(params: Readonly<Record<string, string | number>>): string {
  return new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
}

/** Number of `\n`-terminated non-empty lines in `body` (a fast scan: no string is made). */
export function countLines(body: Buffer): number {
  let lines = 0;
  let start = 0;
  for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, start)) {
    if (i > start) lines++;
    start = i + 1;
  }
  return start < body.length ? lines + 1 : lines;
}
