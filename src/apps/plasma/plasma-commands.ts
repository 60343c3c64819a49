import { Inject, Injectable, Logger } from '@nestjs/common';
import { parsePlasmaCommand } from '../../../domain/plasma/plasma-command.js';
import { INVALID_SELECTOR_REPLY, INVALID_TOKEN_REPLY, parsePlasmaSelector, plasmaAcceptsToken, plasmaSelector } from '../../../domain/plasma/plasma-selector.js';
import type { SeriesFinder } from '../../../domain/ports/series-finder.js';
import type { Selector } from '../../../domain/series/selector.js';
import { metaPairsText } from '../../../domain/output/meta-text.js';
import { percentEncode } from '../../../domain/text/percent.js';
import { TOKEN_ATTR } from '../../../domain/tokens/token-policy.js';
import type { ReadToken } from '../../../domain/tokens/token.js';
import type { Config } from '../../config/config.js';
import { CONFIG, SERIES_FINDER } from '../../infrastructure/tokens.js';
import { TokenService } from '../shared/token.service.js';
import { PlasmaHub } from './plasma-hub.js';
import type { PlasmaSession } from './plasma-session.js';

/**
 * Executes the commands of a plasma session (reference §8.1, Warp 10 StandalonePlasmaHandler). Success is silent;
 * a selector that cannot be read answers `KO Invalid subscription selector.` (checked first, as Warp 10 does), an
 * unusable token `KO Invalid token.`; an unknown verb or a verb missing its arguments closes the session with code
 * 400 and the reason; so does a directory failure (Warp 10 lets the exception close the session).
 *
 * Continuum differences (README, Plasma): RAW and WRAPPER answer `KO <FORMAT> output is not supported.` and keep
 * the current format (they need Warp 10's GTSEncoder and Thrift wrappers); `STATS` answers one line with the
 * session's queue and drop figures.
 */
@Injectable()
export class PlasmaCommands {
  private readonly logger = new Logger('plasma');
  private readonly absentLabelSupport: boolean;
  private readonly exposeAll: boolean;

  constructor(
    @Inject(CONFIG) config: Config,
    @Inject(SERIES_FINDER) private readonly finder: SeriesFinder,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(PlasmaHub) private readonly hub: PlasmaHub,
  ) {
    this.absentLabelSupport = config.get('warp10.absent.label.support');
    this.exposeAll = config.get('warp10.expose.owner.producer');
  }

  async execute(session: PlasmaSession, message: string): Promise<void> {
    const command = parsePlasmaCommand(message);
    switch (command.verb) {
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE':
        return this.subscription(session, command.verb, command.token, command.selector);
      case 'SUBSCRIPTIONS':
        return this.list(session);
      case 'CLEAR':
        await this.hub.clear(session);
        return;
      case 'FORMAT':
        if (command.format === 'RAW' || command.format === 'WRAPPER') session.reply(`KO ${command.format} output is not supported.`);
        else session.state.format = command.format;
        return;
      case 'SAMPLE':
        session.state.sampleRate = command.rate;
        return;
      case 'STATS':
        return this.stats(session);
      case 'NOOP':
      case 'GEO':
        return;
      case 'CLOSE':
        session.fail(command.reason);
        return;
    }
  }

  private async subscription(session: PlasmaSession, verb: 'SUBSCRIBE' | 'UNSUBSCRIBE', tokenText: string, selectorText: string): Promise<void> {
    const options = { absentLabelSupport: this.absentLabelSupport };
    let parsed: Selector;
    try {
      parsed = parsePlasmaSelector(selectorText, options);
    } catch {
      session.reply(INVALID_SELECTOR_REPLY);
      return;
    }
    const token = this.readToken(tokenText);
    if (token === undefined) {
      session.reply(INVALID_TOKEN_REPLY);
      return;
    }
    let selector: Selector;
    try {
      selector = plasmaSelector(parsed, token, options);
    } catch {
      session.reply(INVALID_SELECTOR_REPLY);
      return;
    }
    let found;
    try {
      found = await this.finder.find([selector]);
    } catch (error) {
      this.logger.warn(`plasma session ${session.id}: cannot look series up: ${(error as Error).message}`);
      session.fail((error as Error).message);
      return;
    }
    if (verb === 'SUBSCRIBE') await this.hub.subscribe(session, found, token.attributes.has(TOKEN_ATTR.expose));
    else await this.hub.unsubscribe(session, found);
  }

  private readToken(text: string): ReadToken | undefined {
    try {
      const token = this.tokens.read(text);
      return plasmaAcceptsToken(token) ? token : undefined;
    } catch {
      return undefined;
    }
  }

  /** One `SUB <class>{<labels>}` message per subscribed series. */
  private list(session: PlasmaSession): void {
    const hide = !(this.exposeAll || session.state.exposeOwnerProducer);
    for (const s of session.state.subscriptions.values()) {
      session.reply(`SUB ${percentEncode(s.className)}{${metaPairsText(s.labels, false, hide)}}`);
    }
  }

  private stats(session: PlasmaSession): void {
    const s = session.backlog.stats();
    session.reply(
      `STATS sessions=${this.hub.sessionCount} subscriptions=${session.state.subscriptions.size} queued=${session.queuedBytes} dropped.messages=${s.droppedMessages} dropped.points=${s.droppedPoints}`,
    );
  }
}
