import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../harness/build.js';

/**
 * Readers of the files under docker/ (compose file, env file, haproxy.cfg, Dockerfile) for
 * docker-compose.spec.ts, which checks them against the CLI and the configuration schema without a Docker
 * engine. They read only the subset of each format those files use.
 */
export const DOCKER_DIR = join(REPO_ROOT, 'docker');

export interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: readonly string[] | string;
  readonly entrypoint?: readonly string[] | string;
  readonly environment?: Readonly<Record<string, string | number | boolean | null>> | readonly string[];
  readonly env_file?: string | readonly (string | { readonly path: string })[];
  readonly volumes?: readonly string[];
  readonly ports?: readonly string[];
  readonly depends_on?: Readonly<Record<string, { readonly condition?: string }>> | readonly string[];
  readonly healthcheck?: { readonly test: readonly string[] | string };
  readonly profiles?: readonly string[];
}

export interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
}

/** docker/compose.yml, with YAML merge keys (`<<: *anchor`) applied as Compose applies them. */
export function readCompose(): ComposeFile {
  return parse(readFileSync(join(DOCKER_DIR, 'compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
}

/** A list-or-string Compose field (command, entrypoint) as a list; a string is split on spaces. */
export function argv(field: readonly string[] | string | undefined): readonly string[] {
  if (field === undefined) return [];
  return typeof field === 'string' ? field.split(/\s+/).filter((s) => s.length > 0) : field;
}

/** `KEY=value` lines of an env file; blank lines and `#` comments skipped. */
export function parseEnvFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not KEY=value: '${line}'`);
    out.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return out;
}

/** The environment a service's containers get: its env files (relative to docker/), then `environment`. */
export function environmentOf(service: ComposeService): Map<string, string> {
  const out = new Map<string, string>();
  const files = service.env_file === undefined ? [] : typeof service.env_file === 'string' ? [service.env_file] : service.env_file;
  for (const f of files) {
    const path = typeof f === 'string' ? f : f.path;
    for (const [k, v] of parseEnvFile(readFileSync(join(DOCKER_DIR, path), 'utf8'))) out.set(k, v);
  }
  const env = service.environment;
  if (Array.isArray(env)) {
    for (const entry of env as readonly string[]) {
      const eq = entry.indexOf('=');
      out.set(eq < 0 ? entry : entry.slice(0, eq), eq < 0 ? '' : entry.slice(eq + 1));
    }
  } else if (env !== undefined) {
    for (const [k, v] of Object.entries(env as Record<string, unknown>)) out.set(k, v === null ? '' : String(v));
  }
  return out;
}

/** Names of the services a service waits for, with the condition (`service_started` when none is given). */
export function dependenciesOf(service: ComposeService): Map<string, string> {
  const deps = service.depends_on;
  if (deps === undefined) return new Map();
  if (Array.isArray(deps)) return new Map((deps as readonly string[]).map((d) => [d, 'service_started']));
  return new Map(Object.entries(deps as Record<string, { condition?: string }>).map(([d, c]) => [d, c.condition ?? 'service_started']));
}

/** One section of haproxy.cfg (`frontend ingress`, `backend egress`, …) with its trimmed, uncommented lines. */
export interface HAProxySection {
  readonly kind: string;
  readonly name: string;
  readonly lines: readonly string[];
}

export function parseHAProxy(text: string): HAProxySection[] {
  const sections: { kind: string; name: string; lines: string[] }[] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const line = (hash < 0 ? raw : raw.slice(0, hash)).trimEnd();
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      const [kind, name = ''] = line.split(/\s+/);
      sections.push({ kind, name, lines: [] });
    } else if (sections.length > 0) {
      sections[sections.length - 1].lines.push(line.trim());
    }
  }
  return sections;
}

/** The `host:port` of every `server` and `server-template` line of a backend. */
export function backendAddresses(section: HAProxySection): string[] {
  const out: string[] = [];
  for (const line of section.lines) {
    const words = line.split(/\s+/);
    if (words[0] === 'server') out.push(words[2]);
    if (words[0] === 'server-template') out.push(words[3]);
  }
  return out;
}

/** A Dockerfile's instructions as [INSTRUCTION, rest] pairs (continuation lines joined, comments dropped). */
export function dockerfileInstructions(text: string): [string, string][] {
  const out: [string, string][] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    if (pending === '' && raw.trim().startsWith('#')) continue;
    const line = raw.trimEnd();
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (whole === '') continue;
    const space = whole.indexOf(' ');
    out.push([whole.slice(0, space).toUpperCase(), whole.slice(space + 1).trim()]);
  }
  return out;
}

/** Where `COPY <source> <dest>` puts `source` in the last stage of a Dockerfile (dest relative to WORKDIR). */
export function copiedTo(instructions: readonly [string, string][], source: string): string | undefined {
  let workdir = '/';
  let found: string | undefined;
  for (const [op, rest] of instructions) {
    if (op === 'FROM') {
      workdir = '/';
      found = undefined;
    }
    if (op === 'WORKDIR') workdir = posix.resolve(workdir, rest);
    if (op === 'COPY') {
      const words = rest.split(/\s+/).filter((w) => !w.startsWith('--'));
      if (words.length === 2 && words[0] === source) found = posix.resolve(workdir, words[1]);
    }
  }
  return found;
}
