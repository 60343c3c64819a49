import { parseOptions } from './options.js';

const defaults = { continuumCli: '/repo/dist/src/cli/main.js' };

describe('parseOptions', () => {
  it('defaults to the full benchmark of issue 3', () => {
    expect(parseOptions([], defaults)).toEqual({
      workloads: ['W1', 'W2', 'W3'],
      passes: { W1: 3, W2: 3, W3: 3 },
      scale: 1,
      servers: ['continuum', 'victoria', 'influx'],
      connections: 4,
      batch: 10_000,
      queries: 50,
      installPeers: false,
      out: 'BENCHMARKS.md',
      write: true,
      json: undefined,
      continuumCli: '/repo/dist/src/cli/main.js',
      profileDir: undefined,
      continuumEnv: {},
      note: undefined,
      plasma: { subscribers: [1, 100, 1000], rounds: 100, sessions: 10_000 },
    });
  });

  it('reads the plasma options, and none / 0 to skip them', () => {
    expect(parseOptions(['--plasma', '1,10', '--plasma-rounds', '5', '--plasma-sessions', '50'], defaults).plasma).toEqual({ subscribers: [1, 10], rounds: 5, sessions: 50 });
    expect(parseOptions(['--plasma', 'none', '--plasma-sessions', '0'], defaults).plasma).toEqual({ subscribers: [], rounds: 100, sessions: 0 });
    expect(() => parseOptions(['--plasma', '1,x'], defaults)).toThrow("--plasma must be a positive integer, got 'x'");
  });

  it('reads every option', () => {
    const o = parseOptions(
      ['--workloads', 'W1,W2', '--passes', '3,W2=1', '--scale', '0.01', '--servers', 'continuum', '--connections', '2', '--batch', '500', '--queries', '5', '--install-peers', '--out', 'x.md', '--no-write', '--json', 'r.json', '--continuum-cli', 'cli.js', '--continuum-env', 'CONTINUUM_LOG_FSYNC=false,A=b=c', '--profile', 'prof', '--note', 'hi'],
      defaults,
    );
    expect(o).toMatchObject({ workloads: ['W1', 'W2'], passes: { W1: 3, W2: 1 }, scale: 0.01, servers: ['continuum'], connections: 2, batch: 500, queries: 5 });
    expect(o).toMatchObject({ installPeers: true, out: 'x.md', write: false, json: 'r.json', continuumCli: 'cli.js', profileDir: 'prof', note: 'hi' });
    expect(o.continuumEnv).toEqual({ CONTINUUM_LOG_FSYNC: 'false', A: 'b=c' });
  });

  it.each([
    [['--workloads', 'W9'], "unknown workload 'W9'"],
    [['--servers', 'prometheus'], "unknown server 'prometheus'"],
    [['--scale', '2'], '--scale must be in (0, 1]'],
    [['--connections', '0'], '--connections must be a positive integer'],
    [['--batch', '1.5'], '--batch must be a positive integer'],
    [['--passes', 'W3=2', '--workloads', 'W1'], "--passes names 'W3'"],
    [['--continuum-env', 'oops'], '--continuum-env takes KEY=VALUE'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseOptions(argv, defaults)).toThrow(message);
  });
});
