import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Datapoint } from '../../../domain/datapoints/datapoint.js';
import { bool, decimal, double, long, string } from '../../../domain/datapoints/value.js';
import type { Clock } from '../../../domain/ports/clock.js';
import type { LogPosition } from '../../../domain/ports/command-log.js';
import type { DatapointStore } from '../../../domain/ports/datapoint-store.js';
import type { ProjectionProgress, ReadModelName } from '../../../domain/ports/projection-progress.js';
import { toGeoPoint } from '../../../domain/series/geo.js';
import { SeriesIdentity } from '../../../domain/series/series-id.js';
import type { Series } from '../../../domain/series/series.js';
import { TokenCodec } from '../../../domain/tokens/token-codec.js';
import type { ReadToken } from '../../../domain/tokens/token.js';
import { DirectoryIndex } from '../../../projections/directory/directory-index.js';
import { IndexSeriesFinder } from '../../../projections/directory/index-series-finder.js';
import { Config, type RawValue } from '../../config/config.js';
import { CLOCK, CONFIG, DATAPOINT_STORE, DIRECTORY, PROJECTION_PROGRESS, SERIES_FINDER, TOKEN_CODEC } from '../../infrastructure/tokens.js';
import { createHttpApp } from '../shared/http-server.js';
import { EgressModule } from './egress.module.js';

/** Test fixtures for the egress endpoints: an app on a given store, a real DirectoryIndex, tokens. */

export const OWNER = '11111111-1111-4111-8111-111111111111';
export const PRODUCER = '22222222-2222-4222-8222-222222222222';
export const OTHER_OWNER = '33333333-3333-4333-8333-333333333333';
/** The egress clock: 10 ms after the epoch, i.e. 10000 in the default platform unit (µs). */
export const NOW_MS = 10;

const KEY = (b: number) => new Uint8Array(16).fill(b);
export const codec = new TokenCodec({ tokenAes: KEY(1), tokenHash: KEY(2) });
const identity = new SeriesIdentity(KEY(3), KEY(4));

/** A read token for app `app1` of OWNER/PRODUCER, with optional overrides. */
export function readToken(overrides: Partial<ReadToken> = {}): string {
  return codec.encodeRead({
    issuance: 0n,
    expiry: 2n ** 62n,
    apps: ['app1'],
    owners: [OWNER],
    producers: [PRODUCER],
    billedId: PRODUCER,
    labels: new Map(),
    attributes: new Map(),
    ...overrides,
  });
}

/** A series as the directory holds it, labels in the given order, with its real id. */
export function series(className: string, labels: [string, string][], attributes: [string, string][] = [], lastActivity?: number): Series {
  const l = new Map(labels);
  return {
    id: identity.idOf({ className, labels: l }),
    className,
    labels: l,
    attributes: new Map(attributes),
    ...(lastActivity !== undefined ? { lastActivity } : {}),
  };
}

/** Labels a write token of app1 would force. */
export const app1 = (extra: [string, string][]): [string, string][] => [...extra, ['.app', 'app1'], ['.owner', OWNER], ['.producer', PRODUCER]];

/**
 * The small data set of the endpoint tests: three series of app1 — `humidity{room=kitchen}`,
 * `temp{room=kitchen}` (attribute unit=C, lastActivity 5000 ms, one point with location and elevation) and
 * `temp{room=living room}` — plus one series of another owner and app that app1's token must not see.
 * (45, 90) quantises exactly (reference §3.4), so it prints as 45.0:90.0.
 */
export function smallDataSet(): [Series, Datapoint[]][] {
  return [
    [
      series('temp', app1([['room', 'kitchen']]), [['unit', 'C']], 5000),
      [
        { ts: 3000n, value: decimal(225n, 1) },
        { ts: 2000n, geo: toGeoPoint(45, 90), elev: 100n, value: double(21) },
        { ts: 1000n, value: long(20n) },
      ],
    ],
    [series('temp', app1([['room', 'living room']])), [{ ts: 1500n, value: string("it's") }, { ts: 500n, value: bool(true) }]],
    [series('humidity', app1([['room', 'kitchen']])), [{ ts: 1000n, value: long(42n) }]],
    [
      series('temp', [['room', 'kitchen'], ['.app', 'app2'], ['.owner', OTHER_OWNER], ['.producer', OTHER_OWNER]]),
      [{ ts: 1000n, value: long(-1n) }],
    ],
  ];
}

/** Read-your-writes stand-in: each read model has applied what `applied` says; calls are recorded. */
export class ManualProgress implements ProjectionProgress {
  readonly applied = new Set<ReadModelName>(['store', 'directory']);
  readonly calls: { readModel: ReadModelName; position: LogPosition; timeoutMs: number }[] = [];

  async waitFor(readModel: ReadModelName, position: LogPosition, timeoutMs: number): Promise<boolean> {
    this.calls.push({ readModel, position, timeoutMs });
    return this.applied.has(readModel);
  }
}

export interface EgressApp {
  readonly app: NestFastifyApplication;
  readonly directory: DirectoryIndex;
  readonly progress: ManualProgress;
  inject(options: { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string }): Promise<{
    statusCode: number;
    body: string;
    headers: Record<string, unknown>;
  }>;
  /** Registers the series and stores its points. */
  add(s: Series, points: readonly Datapoint[]): Promise<void>;
  close(): Promise<void>;
}

/** A configuration with defaults and the given overrides (key → value). */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const raw = new Map<string, RawValue>(Object.entries(overrides).map(([k, v]) => [k, { value: v, origin: 'test' }]));
  return new Config(raw, '/nonexistent');
}

export const clock: Clock = { nowMs: () => NOW_MS };

/** The whole body of a streamed response. */
export async function collect(body: AsyncIterable<string | Uint8Array>): Promise<string> {
  const pieces: Buffer[] = [];
  for await (const piece of body) pieces.push(typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece));
  return Buffer.concat(pieces).toString('utf8');
}

/** Starts the egress endpoints over `store`, with `config` overrides (Warp 10 key → value). */
export async function startEgress(store: DatapointStore, config: Record<string, string> = {}): Promise<EgressApp> {
  const directory = new DirectoryIndex();
  const progress = new ManualProgress();
  const providers = [
    { provide: CONFIG, useValue: testConfig(config) },
    { provide: CLOCK, useValue: clock },
    { provide: TOKEN_CODEC, useValue: codec },
    { provide: DATAPOINT_STORE, useValue: store },
    { provide: DIRECTORY, useValue: directory },
    { provide: SERIES_FINDER, useValue: new IndexSeriesFinder(directory) },
    { provide: PROJECTION_PROGRESS, useValue: progress },
  ];
  @Global()
  @Module({})
  class PortsModule {
    static forTest(): DynamicModule {
      return { module: PortsModule, providers, exports: providers.map((p) => p.provide) };
    }
  }
  @Module({ imports: [PortsModule.forTest(), EgressModule] })
  class TestModule {}
  const app = await createHttpApp(TestModule, { maxBodyBytes: 1 << 20, corsHeaders: [], logger: false });
  await app.getHttpAdapter().getInstance().ready();
  let version = 0;
  return {
    app,
    directory,
    progress,
    inject: async (options) => {
      const res = await app.getHttpAdapter().getInstance().inject({ method: options.method ?? 'GET', url: options.url, headers: options.headers, payload: options.payload });
      return { statusCode: res.statusCode, body: res.body, headers: res.headers };
    },
    add: async (s, points) => {
      directory.upsert(s);
      if (points.length > 0) await store.apply([{ type: 'put', series: s.id, version: ++version, points }]);
    },
    close: () => app.close(),
  };
}
