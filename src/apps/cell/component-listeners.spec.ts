import { All, Controller, Get, Module } from '@nestjs/common';
import { ValidationError } from '../../../domain/errors.js';
import { Config, type RawValue } from '../../config/config.js';
import { CheckController } from '../shared/check.controller.js';
import { createHttpApp } from '../shared/http-server.js';
import { componentListeners, componentOfPath, serveListeners } from './component-listeners.js';
import type { Component } from './components.js';

function config(values: Record<string, string> = {}): Config {
  return new Config(new Map<string, RawValue>(Object.entries(values).map(([k, v]) => [k, { value: v, origin: 'test' }])), '/nonexistent');
}

const set = (...c: Component[]) => new Set(c);
const plain = (listeners: ReturnType<typeof componentListeners>) => listeners.map((l) => ({ host: l.host, port: l.port, serves: [...l.serves].sort() }));

describe('componentListeners', () => {
  it.each<[string, Component[], Record<string, string>, number | undefined, { host: string; port: number; serves: string[] }[]]>([
    ['Warp 10 ports', ['ingress', 'egress', 'directory'], {}, undefined, [
      { host: '127.0.0.1', port: 8882, serves: ['ingress'] },
      { host: '127.0.0.1', port: 8881, serves: ['egress'] },
      { host: '127.0.0.1', port: 8885, serves: ['directory'] },
    ]],
    ['no HTTP for a store without store.port', ['store'], {}, undefined, []],
    ['the store health check on store.port', ['store', 'egress'], { 'store.port': '9000', 'egress.host': '0.0.0.0' }, undefined, [
      { host: '0.0.0.0', port: 8881, serves: ['egress'] },
      { host: '127.0.0.1', port: 9000, serves: ['health'] },
    ]],
    ['one listener for components given the same port', ['ingress', 'egress'], { 'egress.port': '8882' }, undefined, [{ host: '127.0.0.1', port: 8882, serves: ['egress', 'ingress'] }]],
    ['--port for every component', ['ingress', 'store'], {}, 7000, [{ host: '127.0.0.1', port: 7000, serves: ['health', 'ingress'] }]],
    ['plasmaFE on its Warp 10 port, plasmaBE without HTTP', ['plasmaFE', 'plasmaBE', 'egress'], { 'plasma.frontend.host': '0.0.0.0' }, undefined, [
      { host: '127.0.0.1', port: 8881, serves: ['egress'] },
      { host: '0.0.0.0', port: 8884, serves: ['plasmaFE'] },
    ]],
    ['a plasma back end checked on --port', ['plasmaBE'], {}, 7001, [{ host: '127.0.0.1', port: 7001, serves: ['health'] }]],
    ['a plasma back end checked on plasma.backend.port', ['plasmaBE'], { 'plasma.backend.port': '8891', 'plasma.backend.host': '0.0.0.0' }, undefined, [{ host: '0.0.0.0', port: 8891, serves: ['health'] }]],
  ])('%s', (_, components, values, port, expected) => {
    expect(plain(componentListeners(config(values), set(...components), port))).toEqual(expected);
  });

  it('refuses one port on two addresses', () => {
    expect(() => componentListeners(config({ 'egress.port': '8882', 'egress.host': '0.0.0.0' }), set('ingress', 'egress'))).toThrow(ValidationError);
  });
});

describe('componentOfPath', () => {
  it.each([
    ['/api/v0/update', 'ingress'],
    ['/api/v0/update/TOKEN?x=1', 'ingress'],
    ['/api/v0/meta', 'ingress'],
    ['/api/v0/delete?selector=a{}', 'ingress'],
    ['/api/v0/fetch?selector=a{}', 'egress'],
    ['/api/v0/find', 'egress'],
    ['/directory-streaming', 'directory'],
    ['/directory-applied', 'directory'],
    ['/api/v0/plasma', 'plasmaFE'],
    ['/api/v0/check', undefined],
    ['/api/v0/updates', undefined],
  ])('%s belongs to %s', (url, component) => {
    expect(componentOfPath(url)).toBe(component);
  });
});

@Controller('api/v0')
class FakeEndpoints {
  @All('update')
  update(): string {
    return 'updated';
  }

  @Get('fetch')
  fetch(): string {
    return 'fetched';
  }
}

@Module({ controllers: [CheckController, FakeEndpoints] })
class FakeCell {}

describe('serveListeners', () => {
  it('serves each component on its own port only, every port answering /api/v0/check', async () => {
    const app = await createHttpApp(FakeCell, { maxBodyBytes: 1 << 20, corsHeaders: [], logger: false });
    try {
      const bound = await serveListeners(app, [
        { host: '127.0.0.1', port: 0, serves: new Set(['ingress']) },
        { host: '127.0.0.1', port: 0, serves: new Set(['egress']) },
      ]);
      const [ingress, egress] = bound.map((b) => `http://127.0.0.1:${b.boundPort}`);
      expect(new Set(bound.map((b) => b.boundPort)).size).toBe(2);
      const call = async (url: string) => {
        const res = await fetch(url);
        return `${res.status} ${await res.text()}`;
      };
      expect(await call(`${ingress}/api/v0/update`)).toBe('200 updated');
      expect(await call(`${ingress}/api/v0/fetch`)).toBe('404 egress is not served on this port');
      expect(await call(`${egress}/api/v0/fetch`)).toBe('200 fetched');
      expect(await call(`${egress}/api/v0/update`)).toBe('404 ingress is not served on this port');
      expect(await call(`${ingress}/api/v0/check`)).toBe('200 ');
      expect(await call(`${egress}/api/v0/check`)).toBe('200 ');
    } finally {
      await app.close();
    }
  });
});
