import type { FastifyRequest } from 'fastify';
import { requestParams } from './request-params.js';

const req = (url: string, body?: string, contentType?: string) =>
  ({ url, headers: contentType === undefined ? {} : { 'content-type': contentType }, body: body === undefined ? undefined : Buffer.from(body) }) as unknown as FastifyRequest;

describe('requestParams (Java ServletRequest.getParameter)', () => {
  it.each<[string, string | undefined, string | undefined, Record<string, string>]>([
    ['query string only', undefined, undefined, { a: '1', b: 'x y' }],
    ['form body merged after the query string', 'c=3&d=%7B%7D', 'application/x-www-form-urlencoded', { a: '1', b: 'x y', c: '3', d: '{}' }],
    ['form type with a charset, any case', 'c=3', 'Application/X-WWW-Form-Urlencoded; charset=UTF-8', { a: '1', b: 'x y', c: '3' }],
    ['the first value wins, query string first', 'a=2&c=3&c=4', 'application/x-www-form-urlencoded', { a: '1', b: 'x y', c: '3' }],
    ['bodies of other types ignored', 'c=3', 'text/plain', { a: '1', b: 'x y' }],
  ])('reads the %s', (_, body, type, expected) => {
    expect(Object.fromEntries(requestParams(req('/api/v0/fetch?a=1&b=x+y&a=9', body, type)))).toEqual(expected);
  });

  it('decodes selectors as a form does: %XX as UTF-8, + as a space', () => {
    const params = requestParams(req('/f?selector=temp%7Broom%3Dk%C3%BCche%7D+other%7B%7D'));
    expect(params.get('selector')).toBe('temp{room=küche} other{}');
  });

  it('gives nothing for a URL without a query string and no body', () => {
    expect(requestParams(req('/api/v0/fetch')).size).toBe(0);
  });
});
