import { Controller, Module, Post, Req } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { UnavailableError, ValidationError } from '../../../domain/errors.js';
import { CheckController } from './check.controller.js';
import { createHttpApp } from './http-server.js';

@Controller('echo')
class EchoController {
  @Post()
  echo(@Req() req: FastifyRequest): string {
    const body = req.body as Buffer;
    if (body.toString() === 'bad') throw new ValidationError('bad body at line 1');
    if (body.toString() === 'fsync') throw Object.assign(new Error('cannot sync the log: EIO'), { retriable: true });
    if (body.toString() === 'bug') throw new TypeError('x is undefined');
    if (body.toString() === 'broker') throw new UnavailableError('Error when updating data: cannot append 2 records: Kafka Connection error');
    return `got ${body.length} bytes`;
  }
}

@Module({ controllers: [CheckController, EchoController] })
class TestModule {}

describe('http server', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createHttpApp(TestModule, { maxBodyBytes: 1000, corsHeaders: ['X-Extra'], logger: false });
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const inject = (opts: object) => app.getHttpAdapter().getInstance().inject(opts);

  it('answers /api/v0/check with 200 and CORS', async () => {
    const res = await inject({ method: 'GET', url: '/api/v0/check' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers CORS preflight like Warp 10', async () => {
    const res = await inject({ method: 'OPTIONS', url: '/api/v0/fetch' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-methods']).toBe('OPTIONS,POST,GET');
    expect(String(res.headers['access-control-allow-headers'])).toContain('X-Warp10-Token');
    expect(String(res.headers['access-control-allow-headers'])).toContain('X-Extra');
  });

  it('hands any content type to handlers as a Buffer', async () => {
    for (const type of ['text/plain', 'application/json', 'application/gzip', 'application/x-www-form-urlencoded']) {
      const res = await inject({ method: 'POST', url: '/echo', payload: 'hello', headers: { 'content-type': type } });
      expect(res.body).toBe('got 5 bytes');
    }
  });

  it('maps domain errors to their status with the message in the body and reason phrase', async () => {
    const res = await inject({ method: 'POST', url: '/echo', payload: 'bad', headers: { 'content-type': 'text/plain' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toBe('bad body at line 1');
    expect(res.statusMessage).toBe('bad body at line 1');
  });

  it('answers 503 with Retry-After for retriable infrastructure errors, 500 without details for bugs', async () => {
    const unavailable = await inject({ method: 'POST', url: '/echo', payload: 'fsync', headers: { 'content-type': 'text/plain' } });
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('1');
    expect(unavailable.body).toBe('Service unavailable, try again: cannot sync the log: EIO');
    const bug = await inject({ method: 'POST', url: '/echo', payload: 'bug', headers: { 'content-type': 'text/plain' } });
    expect(bug.statusCode).toBe(500);
    expect(bug.body).toBe('Internal error; see the server log.');
  });

  it('answers an unavailable domain error with 503, its message and Retry-After', async () => {
    const res = await inject({ method: 'POST', url: '/echo', payload: 'broker', headers: { 'content-type': 'text/plain' } });
    expect([res.statusCode, res.headers['retry-after'], res.body]).toEqual([503, '1', 'Error when updating data: cannot append 2 records: Kafka Connection error']);
  });

  it('answers 413 with a clear message for bodies over the limit', async () => {
    const res = await inject({ method: 'POST', url: '/echo', payload: 'x'.repeat(2000), headers: { 'content-type': 'text/plain' } });
    expect(res.statusCode).toBe(413);
    expect(res.body).toBe('Request body is larger than the limit of 1000 bytes.');
  });
});
