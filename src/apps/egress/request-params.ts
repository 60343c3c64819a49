import type { FastifyRequest } from 'fastify';

/** Request parameters by name: the first value given, as Java's `ServletRequest.getParameter` returns it. */
export type RequestParams = ReadonlyMap<string, string>;

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * The parameters of a GET or POST, as Warp 10 (Jetty) sees them: the query string first, then — for a body sent
 * as `application/x-www-form-urlencoded` — the form fields; when a name appears more than once the first value
 * wins. `+` decodes to a space and `%XX` as UTF-8 in both, as in any form. Bodies of other types are ignored.
 */
export function requestParams(req: FastifyRequest): RequestParams {
  const out = new Map<string, string>();
  const url = req.url;
  const q = url.indexOf('?');
  if (q >= 0) addForm(out, url.slice(q + 1));
  if (isForm(req.headers['content-type']) && Buffer.isBuffer(req.body) && req.body.length > 0) {
    addForm(out, req.body.toString('utf8'));
  }
  return out;
}

function isForm(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase() === FORM_TYPE;
}

function addForm(out: Map<string, string>, text: string): void {
  for (const [name, value] of new URLSearchParams(text)) {
    if (!out.has(name)) out.set(name, value);
  }
}
