import { Agent, request, type IncomingMessage } from 'node:http';
import { UnavailableError } from '../../../domain/errors.js';

/**
 * A directory instance could not serve a request (unreachable, died mid-answer, timed out, answered 5xx):
 * the caller may try another instance. Retriable; an UnavailableError so that HTTP answers 503.
 */
export class DirectoryUnavailableError extends UnavailableError {
  readonly retriable = true;
}

/** A directory instance refused a request (4xx: bad request, bad signature): asking another would not help. */
export class DirectoryRequestError extends Error {
  readonly retriable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DirectoryRequestError';
  }
}

/** Where and how to send one request. */
export interface DirectoryCall {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/**
 * POSTs JSON to directory instances over keep-alive connections and reads answers line by line, as they
 * stream. Every failure is a DirectoryUnavailableError (try elsewhere) or a DirectoryRequestError (4xx).
 */
export class DirectoryHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  /** Calls `onLine` with each line of the answer (without its line break), in order; resolves at its end. */
  lines(call: DirectoryCall, onLine: (line: string) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const where = `directory ${call.host}:${call.port}${call.path}`;
      const fail = (error: unknown) => reject(error instanceof DirectoryRequestError || error instanceof DirectoryUnavailableError ? error : new DirectoryUnavailableError(`cannot ask ${where}: ${(error as Error).message}`, { cause: error }));
      const req = request(
        {
          host: call.host,
          port: call.port,
          path: call.path,
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(call.body), ...call.headers },
        },
        (res) => void readAnswer(res, where, onLine).then(resolve, fail),
      );
      req.setTimeout(call.timeoutMs, () => req.destroy(new Error(`no answer within ${call.timeoutMs} ms`)));
      req.on('error', fail);
      req.end(call.body);
    });
  }

  /** The whole answer as text (small answers). */
  async text(call: DirectoryCall): Promise<string> {
    let out = '';
    await this.lines(call, (line) => (out += out === '' ? line : `\n${line}`));
    return out;
  }

  close(): void {
    this.agent.destroy();
  }
}

async function readAnswer(res: IncomingMessage, where: string, onLine: (line: string) => void): Promise<void> {
  const status = res.statusCode ?? 0;
  res.setEncoding('utf8');
  if (status !== 200) {
    let text = '';
    for await (const chunk of res) text += chunk as string;
    const message = `${where} answered ${status}: ${text.slice(0, 500)}`;
    throw status >= 400 && status < 500 ? new DirectoryRequestError(message) : new DirectoryUnavailableError(message);
  }
  let rest = '';
  for await (const chunk of res) {
    rest += chunk as string;
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
      if (nl > start) onLine(rest.slice(start, nl));
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  if (!res.complete) throw new DirectoryUnavailableError(`${where} ended its answer early`);
  if (rest !== '') onLine(rest);
}
