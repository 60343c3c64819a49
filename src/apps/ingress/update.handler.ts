import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ForbiddenError, ValidationError } from '../../../domain/errors.js';
import { readInputBody } from '../../../domain/datapoints/input-body.js';
import { msToUnits, UNITS_PER_MS } from '../../../domain/datapoints/time-units.js';
import type { MetadataEvent } from '../../../domain/events/metadata.events.js';
import { UpdateGroups } from '../../../domain/ingest/update.decider.js';
import { merge as mergeCheckpoints } from '../../../domain/ports/checkpoint.js';
import type { Clock } from '../../../domain/ports/clock.js';
import type { CommandLog, LogPosition } from '../../../domain/ports/command-log.js';
import type { SeriesIdentity } from '../../../domain/series/series-id.js';
import type { InputParseOptions } from '../../../domain/datapoints/input-options.js';
import type { Labels, SeriesId } from '../../../domain/series/series.js';
import { timeWindowBounds, tokenTimeWindow, writeTokenAllows, writeTokenLabels, type TokenTimeWindow } from '../../../domain/tokens/token-policy.js';
import type { WriteToken } from '../../../domain/tokens/token.js';
import type { Config } from '../../config/config.js';
import { CLOCK, COMMAND_LOG, CONFIG, SERIES_IDENTITY } from '../../infrastructure/tokens.js';
import { TokenService } from '../shared/token.service.js';
import { nowOf, timeshiftOf } from './ingest-context.js';
import { INGEST_BACKPRESSURE, type IngestBackpressure } from './ingest-backpressure.js';
import { KnownSeriesCache } from './known-series.cache.js';
import { toRecords } from './records.js';
import { SeriesCaches } from './series-caches.js';
import { UpdateCommand } from './update.command.js';

export interface UpdateResult {
  readonly position: LogPosition;
  readonly points: number;
}

/** A write token checked for writing datapoints: the labels it forces and its limits (see `UpdateHandler.grant`). */
export interface UpdateGrant {
  readonly forcedLabels: Labels;
  readonly window: TokenTimeWindow;
  readonly valueMaxSize: number;
}

/**
 * /api/v0/update (reference §1): token checks, parse every line (the request is atomic: one bad line rejects
 * it before anything is appended), decide the events, append them durably. Acknowledged only once durable.
 * Its steps (grant, parseOptions, store) are public so that /streamupdate writes its blocks the same way.
 */
@CommandHandler(UpdateCommand)
export class UpdateHandler implements ICommandHandler<UpdateCommand, UpdateResult> {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMMAND_LOG) private readonly log: CommandLog,
    @Inject(SERIES_IDENTITY) private readonly identity: SeriesIdentity,
    private readonly tokens: TokenService,
    private readonly known: KnownSeriesCache,
    private readonly seriesCaches: SeriesCaches,
    @Optional() @Inject(INGEST_BACKPRESSURE) private readonly backpressure?: IngestBackpressure,
  ) {}

  async execute(cmd: UpdateCommand): Promise<UpdateResult> {
    const disabled = this.config.get('warp.update.disabled');
    if (disabled !== undefined) throw new ForbiddenError(disabled);
    const grant = this.grant(this.tokens.write(cmd.token));
    const unit = this.config.get('warp.timeunits');
    const merge = cmd.attributesHeader === 'delta';
    if (merge && !this.config.get('ingress.attributes.allowdelta')) throw new ValidationError('Delta update of attributes is disabled.');
    return this.admitted(() => {
      const now = nowOf(cmd.nowHeader, () => this.clock.nowMs(), unit);
      const groups = this.newGroups();
      readInputBody(cmd.body, this.parseOptions(grant, now, timeshiftOf(cmd.timeshiftHeader, unit)), groups);
      return this.store(groups, merge);
    });
  }

  /**
   * Runs a write (parse and `store`) when the process's backpressure admits it (see IngestBackpressure; at once
   * where there is none). Checks that need no parsing belong before it, so that a refused write does not queue.
   */
  admitted(write: () => Promise<UpdateResult>): Promise<UpdateResult> {
    return this.backpressure === undefined ? write() : this.backpressure.run(write);
  }

  /**
   * What a write token may do on /update (reference §2.3): refuses `.noupdate` and bad `.maxpast`/`.maxfuture`/
   * `.maxsize` attributes with Warp 10's messages. Shared with /streamupdate, which checks a token once per `TOKEN`.
   */
  grant(token: WriteToken): UpdateGrant {
    writeTokenAllows(token, 'update');
    const window = tokenTimeWindow(token, this.timeWindowConfig());
    return { forcedLabels: writeTokenLabels(token), window, valueMaxSize: this.valueMaxSize(token.attributes.get('.maxsize')) };
  }

  /** Datapoints of one request grouped by series, to be filled by the parser and handed to `store`. */
  newGroups(): UpdateGroups {
    return new UpdateGroups((name) => this.identity.idOf(name));
  }

  /**
   * Parse options of a request written with `grant`: the token's forced labels and limits, and the accepted time
   * window around the server clock now (as Warp 10's Ingress computes it before reading X-Warp10-Now: the header
   * moves the timestamps of lines without one, never the limits).
   */
  parseOptions(grant: UpdateGrant, now: () => bigint, timeshift: bigint): InputParseOptions {
    const unit = this.config.get('warp.timeunits');
    const bounds = timeWindowBounds(grant.window, msToUnits(this.clock.nowMs(), unit), UNITS_PER_MS[unit]);
    return {
      now,
      timeshift,
      forcedLabels: grant.forcedLabels,
      seriesCache: this.seriesCaches.for(grant.forcedLabels),
      parseAttributes: this.config.get('ingress.parse.attributes'),
      labelsMaxSize: this.config.get('warp.labels.maxsize'),
      attributesMaxSize: this.config.get('warp.attributes.maxsize'),
      valueMaxSize: grant.valueMaxSize,
      timeWindow: { min: bounds.minTs, max: bounds.maxTs, ignoreOutOfRange: grant.window.ignoreOutOfRange },
    };
  }

  /**
   * Decides the events of a whole request (all its lines parsed) and appends them durably in one append: the
   * request is atomic. Resolves once durable, with the log position a read may wait for.
   */
  async store(groups: UpdateGroups, merge: boolean): Promise<UpdateResult> {
    if (groups.points === 0) return { position: {}, points: 0 };
    // Another request is registering some of these series: wait for its append rather than register them twice.
    const inFlight = this.known.registrationsInFlight(groups.seriesIds());
    if (inFlight !== undefined) await inFlight;
    const decision = groups.decide({
      isKnown: (id) => this.known.has(id),
      attributesMode: merge ? 'merge' : 'replace',
      nowMs: this.clock.nowMs(),
    });
    const registered = registeredBy(decision.metadata);
    const appended = await this.known.track(registered, this.log.append(toRecords(decision.data, decision.metadata)));
    const ids = decision.data.map((e) => e.series);
    // Series registered earlier (maybe by another client): the answer also covers their registration.
    const registrations = this.known.written(ids, appended.metadata ?? new Map<number, number>());
    const position = registrations.size === 0 ? appended : { ...appended, metadata: mergeCheckpoints(appended.metadata ?? new Map(), registrations) };
    return { position, points: decision.points };
  }

  private timeWindowConfig() {
    const ms = (v: number | undefined) => (v === undefined ? undefined : BigInt(v));
    return {
      maxPastDefault: ms(this.config.get('ingress.maxpast.default')),
      maxFutureDefault: ms(this.config.get('ingress.maxfuture.default')),
      maxPastOverride: ms(this.config.get('ingress.maxpast.override')),
      maxFutureOverride: ms(this.config.get('ingress.maxfuture.override')),
      ignoreOutOfRange: this.config.get('ingress.outofrange.ignore'),
    };
  }

  /** `.maxsize` token attribute overrides ingress.value.maxsize (reference §1.3). */
  private valueMaxSize(attribute: string | undefined): number {
    const configured = this.config.get('ingress.value.maxsize');
    if (attribute === undefined) return configured;
    const n = Number(attribute);
    if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError(`cannot read token attribute '.maxsize': '${attribute}' is not a size`);
    return n;
  }
}

/** The series a decision registers. */
function registeredBy(metadata: readonly MetadataEvent[]): SeriesId[] {
  const ids: SeriesId[] = [];
  for (const e of metadata) if (e.type === 'SeriesRegistered') ids.push(e.series.id);
  return ids;
}
