import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDirectoryPartition } from '../../domain/ports/directory-shards.js';
import { componentListeners, type ComponentListener } from '../../src/apps/cell/component-listeners.js';
import { COMPONENTS, parseComponents, type Component } from '../../src/apps/cell/components.js';
import type { Config } from '../../src/config/config.js';
import { generatedConfiguration, loadConfig } from '../../src/config/config.loader.js';
import { CONFIG_SCHEMA, envNameOf } from '../../src/config/config.schema.js';
import { argv, backendAddresses, dependenciesOf, DOCKER_DIR, environmentOf, parseHAProxy, readCompose, type ComposeService } from './docker-files.js';

/**
 * Keeps docker/compose.yml and docker/haproxy.cfg honest where no Docker engine exists: every component service
 * runs `continuum start --components <known components>` on the shared configuration, sets only configuration
 * keys with values the configuration accepts, listens where its health check, haproxy and the other containers
 * reach it, and starts in the cell's order. (docker-bootstrap.spec.ts runs the bootstrap script.)
 */
const SHARED_CONF = '/etc/continuum/continuum.conf';
const LOADER_ENV = ['CONTINUUM_DATA_DIR', 'CONTINUUM_PORT'];
/** Warp 10's ports of the components haproxy fronts. */
const FRONTED: Record<string, number> = { ingress: 8882, egress: 8881 };

const compose = readCompose();
const services = Object.entries(compose.services);
const continuumServices = services.filter(([, s]) => s.image?.startsWith('continuum:'));
const componentServices = continuumServices.filter(([, s]) => argv(s.command)[0] === 'start');
const componentsOf = (s: ComposeService): Component[] => {
  const set = parseComponents(argv(s.command)[2] ?? '');
  return set.kind === 'distributed' ? [...set.components] : [];
};
const servicesRunning = (c: Component) => componentServices.filter(([, s]) => componentsOf(s).includes(c)).map(([name]) => name);

let dir: string;
/** The configuration a service's containers load: a generated shared file plus the service's CONTINUUM_* variables. */
const configOf = (s: ComposeService): Config => {
  const env = Object.fromEntries([...environmentOf(s)].filter(([k]) => k.startsWith('CONTINUUM_')));
  return loadConfig({ configFile: join(dir, 'continuum.conf'), env }).config;
};
const listenersOf = (s: ComposeService): ComponentListener[] => componentListeners(configOf(s), new Set(componentsOf(s)));
/** `host:port` of the URL a health check fetches. */
const healthTarget = (s: ComposeService) => /http:\/\/([^/'"]+)\/api\/v0\/check/.exec(argv(s.healthcheck?.test).join(' '))?.[1];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'continuum-compose-'));
  writeFileSync(join(dir, 'continuum.conf'), generatedConfiguration());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docker/compose.yml', () => {
  it('pins every image to a version', () => {
    for (const [name, s] of services) {
      expect({ name, image: s.image }).toEqual({ name, image: expect.stringMatching(/^[\w./-]+:(?!latest$)[\w.-]*\d[\w.-]*$/) });
    }
  });

  it('runs component services as `continuum start --components <known components>` on the shared configuration', () => {
    expect(componentServices.length).toBeGreaterThanOrEqual(COMPONENTS.length);
    for (const [name, s] of componentServices) {
      const args = argv(s.command);
      expect({ name, flag: args[1], components: componentsOf(s).length > 0 }).toEqual({ name, flag: '--components', components: true });
      expect({ name, config: args[args.indexOf('--config') + 1] }).toEqual({ name, config: SHARED_CONF });
      expect({ name, volumes: s.volumes }).toEqual({ name, volumes: expect.arrayContaining(['cell-conf:/etc/continuum:ro']) });
    }
    expect(COMPONENTS.filter((c) => servicesRunning(c).length === 0)).toEqual([]);
  });

  it('sets only CONTINUUM_* variables that are configuration keys, with values the configuration accepts', () => {
    const known = new Set([...Object.keys(CONFIG_SCHEMA).map(envNameOf), ...LOADER_ENV]);
    for (const [name, s] of continuumServices) {
      const unknown = [...environmentOf(s).keys()].filter((k) => k.startsWith('CONTINUUM_') && !known.has(k));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      expect(() => configOf(s)).not.toThrow();
    }
  });

  it('listens where its health check looks, on every address for ingress and egress (haproxy reaches them)', () => {
    for (const [name, s] of componentServices) {
      const listeners = listenersOf(s);
      const reachable = listeners.map((l) => `${l.host === '0.0.0.0' ? '127.0.0.1' : l.host}:${l.port}`);
      expect({ name, reachable }).toEqual({ name, reachable: expect.arrayContaining([healthTarget(s)]) });
      for (const l of listeners) {
        if ([...l.serves].some((c) => c in FRONTED)) expect({ name, host: l.host }).toEqual({ name, host: '0.0.0.0' });
      }
    }
  });

  it('runs directories that announce their own service name, with their own consumer group and a valid shard', () => {
    const directories = servicesRunning('directory').map((name) => ({ name, config: configOf(compose.services[name]) }));
    expect(directories.length).toBeGreaterThanOrEqual(2);
    for (const { name, config } of directories) {
      expect(config.get('directory.host')).toBe(name);
      expect(parseDirectoryPartition(config.get('directory.partition'))).toBeDefined();
    }
    const groups = directories.map(({ config }) => config.get('directory.kafka.metadata.groupid'));
    expect(new Set(groups).size).toBe(directories.length);
  });

  it('starts components after the bootstrap succeeded, the bootstrap after healthy infrastructure', () => {
    for (const [name, s] of componentServices) {
      expect({ name, bootstrap: dependenciesOf(s).get('bootstrap') }).toEqual({ name, bootstrap: 'service_completed_successfully' });
    }
    const bootstrap = dependenciesOf(compose.services.bootstrap);
    for (const infra of ['zookeeper', 'kafka', 'schema-registry', 'hbase']) expect({ infra, condition: bootstrap.get(infra) }).toEqual({ infra, condition: 'service_healthy' });
  });
});

describe('docker/haproxy.cfg', () => {
  const sections = parseHAProxy(readFileSync(join(DOCKER_DIR, 'haproxy.cfg'), 'utf8'));
  const section = (kind: string, name: string) => sections.find((s) => s.kind === kind && s.name === name);

  it.each(Object.entries(FRONTED))('sends %s traffic on port %d to the component service, checked on /api/v0/check', (c, port) => {
    const [service] = servicesRunning(c as Component);
    const listener = listenersOf(compose.services[service]).find((l) => l.serves.has(c as Component));
    expect(listener?.port).toBe(port);
    expect(section('frontend', c)?.lines).toEqual(expect.arrayContaining([`bind :${port}`, `default_backend ${c}`]));
    const backend = section('backend', c);
    expect(backend?.lines).toContain('option httpchk GET /api/v0/check');
    expect(backendAddresses(backend!)).toEqual([`${service}:${port}`]);
    expect(compose.services.haproxy.ports).toContain(`127.0.0.1:${port}:${port}`);
    expect(dependenciesOf(compose.services.haproxy).get(service)).toBe('service_healthy');
  });
});
