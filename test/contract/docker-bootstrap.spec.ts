import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.loader.js';
import { readTokensFile } from '../../src/cli/tokens-file.js';
import { CLI_ENTRY, ensureBuilt } from '../harness/build.js';
import { cellEnv, describeRun, runCli } from '../harness/cli.js';
import { argv, copiedTo, dockerfileInstructions, DOCKER_DIR, environmentOf, readCompose } from './docker-files.js';

/**
 * docker/Dockerfile and docker/bootstrap.sh without a Docker engine: the image runs `continuum` and holds the
 * script where compose runs it; the components' `start` options exist; the script runs for real, with a stand-in `continuum` on the PATH that records
 * its calls and mints tokens with the real CLI (which also creates the keys). Every command it runs must exist
 * in the CLI.
 */
/** Keys every component of a cell must share (reference §2.5; directory.psk signs requests to directories). */
const SHARED_KEYS = ['warp.hash.class', 'warp.hash.labels', 'warp.hash.token', 'warp.hash.app', 'warp.aes.token', 'directory.psk'];
const STUB = '#!/bin/sh\nprintf \'%s\\n\' "$*" >> "$STUB_LOG"\n[ "$1" = token ] && exec "$STUB_NODE" "$STUB_CLI" "$@"\nexit 0\n';

const bootstrap = readCompose().services.bootstrap;
const instructions = dockerfileInstructions(readFileSync(join(DOCKER_DIR, 'Dockerfile'), 'utf8'));
/** `topics create --partitions 4 …` → `topics create`. */
const commandOf = (call: string) => call.split(' --')[0];

beforeAll(() => ensureBuilt(), 180_000);

it('the image builds on Node 20 bookworm-slim, runs `continuum`, and holds the bootstrap script where compose runs it', () => {
  const nodeImage = instructions.find(([op, rest]) => op === 'ARG' && rest.startsWith('NODE_IMAGE='))?.[1];
  expect(nodeImage).toMatch(/^NODE_IMAGE=node:20(\.\d+)*-bookworm-slim$/);
  expect(instructions.filter(([op]) => op === 'ENTRYPOINT').at(-1)?.[1]).toBe('["continuum"]');
  expect(argv(bootstrap.entrypoint)).toEqual(['sh', copiedTo(instructions, 'docker/bootstrap.sh')]);
  expect(bootstrap.volumes).toContain('cell-conf:/etc/continuum');
});

it('the component services run a command the CLI has: `start` with --components, --config and --data-dir', async () => {
  const start = readCompose().services.ingress.command;
  expect(argv(start)[0]).toBe('start');
  const r = await runCli(['start', '--help']);
  expect({ code: r.code, run: r.code === 0 ? '' : describeRun(['start', '--help'], r) }).toEqual({ code: 0, run: '' });
  for (const option of argv(start).filter((a) => a.startsWith('--'))) expect(r.stdout).toContain(`${option} <`);
}, 60_000);

describe('docker/bootstrap.sh', () => {
  let dir: string;
  const conf = () => join(dir, 'conf', 'continuum.conf');

  /** Runs the script once with the bootstrap service's settings; returns the `continuum` calls it made. */
  const run = (): string[] => {
    const env = environmentOf(bootstrap);
    rmSync(join(dir, 'calls.log'), { force: true });
    const result = spawnSync('sh', [join(DOCKER_DIR, 'bootstrap.sh')], {
      encoding: 'utf8',
      env: cellEnv({
        PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
        CELL_CONF_DIR: join(dir, 'conf'),
        CELL_PARTITIONS: env.get('CELL_PARTITIONS') ?? '',
        CELL_REPLICATION_FACTOR: env.get('CELL_REPLICATION_FACTOR') ?? '',
        STUB_NODE: process.execPath,
        STUB_CLI: CLI_ENTRY,
        STUB_LOG: join(dir, 'calls.log'),
      }),
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    return readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-bootstrap-'));
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'continuum'), STUB);
    chmodSync(join(dir, 'bin', 'continuum'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the keys and tokens, then the topics, schemas and table, in that order, with commands the CLI has', async () => {
    const calls = run();
    expect(calls.map(commandOf)).toEqual(['token', 'token', 'topics create', 'schemas register', 'hbase create-table']);
    expect(calls[2]).toBe(`topics create --partitions ${environmentOf(bootstrap).get('CELL_PARTITIONS')} --replication-factor 1 --config ${conf()}`);
    for (const call of calls.slice(3)) expect(call).toContain(`--config ${conf()}`);
    for (const command of new Set(calls.map(commandOf))) {
      const args = [...command.split(' '), '--help'];
      const r = await runCli(args);
      expect({ code: r.code, run: r.code === 0 ? '' : describeRun(args, r) }).toEqual({ code: 0, run: '' });
    }
    const text = readFileSync(conf(), 'utf8');
    for (const key of SHARED_KEYS) expect(text).toMatch(new RegExp(`^${key.replace(/\./g, '\\.')} = hex:([0-9a-f]{2}){16,32}$`, 'm'));
    expect(loadConfig({ configFile: conf(), env: {} }).config.get('directory.psk')).toHaveLength(16);
    const tokens = readTokensFile(join(dir, 'conf', 'tokens.txt'));
    expect(tokens.read).not.toBe(tokens.write);
  }, 60_000);

  it('keeps the keys and the tokens when it runs again, and redoes the idempotent steps', () => {
    run();
    const before = [readFileSync(conf(), 'utf8'), readFileSync(join(dir, 'conf', 'tokens.txt'), 'utf8')];
    expect(run().map(commandOf)).toEqual(['topics create', 'schemas register', 'hbase create-table']);
    expect([readFileSync(conf(), 'utf8'), readFileSync(join(dir, 'conf', 'tokens.txt'), 'utf8')]).toEqual(before);
  }, 60_000);
});
