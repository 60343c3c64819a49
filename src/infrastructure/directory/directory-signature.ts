import { ForbiddenError } from '../../../domain/errors.js';
import { sipHash24Halves, sipHashKey, type SipHashKey } from '../../../domain/series/siphash.js';

/** Header carrying a directory request's signature (Warp 10's name, reference §6.2). */
export const DIRECTORY_SIGNATURE_HEADER = 'X-Warp10-Directory-Signature';

const utf8 = new TextEncoder();

/**
 * Signs and checks directory requests with the cell's pre-shared key (`directory.psk`), after Warp 10's
 * streaming directory (reference §6.2): the header is `<hex(ts_ms)>:<hex(SipHash-2-4(psk, utf8("<ts_ms>:<path>:<body>")))>`,
 * the MAC as an unsigned 64-bit hex number. Including the path keeps a find body from being replayed as
 * another request. A signature older (or further in the future) than `maxAgeMs` is refused, which bounds
 * replays (Warp 10's `directory.maxage`).
 */
export class DirectorySigner {
  private readonly key: SipHashKey;

  constructor(psk: Uint8Array, private readonly maxAgeMs: number) {
    this.key = sipHashKey(psk);
  }

  /** The header value for a request sent at `nowMs`. */
  sign(path: string, body: string, nowMs: number): string {
    return `${nowMs.toString(16)}:${this.mac(nowMs, path, body)}`;
  }

  /** Throws ForbiddenError (403) unless `header` signs `body` for `path` within the allowed age. */
  verify(header: string | undefined, path: string, body: string, nowMs: number): void {
    if (header === undefined || header === '') throw new ForbiddenError('cannot serve the directory request: it is not signed (directory.psk)');
    const colon = header.indexOf(':');
    const ts = colon > 0 ? Number.parseInt(header.slice(0, colon), 16) : Number.NaN;
    if (!Number.isSafeInteger(ts) || !/^[0-9a-f]+$/.test(header.slice(0, colon))) throw new ForbiddenError('cannot serve the directory request: malformed signature');
    if (Math.abs(nowMs - ts) > this.maxAgeMs) throw new ForbiddenError(`cannot serve the directory request: its signature is more than ${this.maxAgeMs} ms old`);
    if (header.slice(colon + 1) !== this.mac(ts, path, body)) throw new ForbiddenError('cannot serve the directory request: invalid signature');
  }

  private mac(ts: number, path: string, body: string): string {
    const [hi, lo] = sipHash24Halves(this.key, utf8.encode(`${ts}:${path}:${body}`));
    return hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0');
  }
}
