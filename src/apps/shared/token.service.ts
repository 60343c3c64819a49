import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError } from '../../../domain/errors.js';
import type { Clock } from '../../../domain/ports/clock.js';
import { checkBannedAttributes } from '../../../domain/tokens/token-policy.js';
import type { ReadToken, WriteToken } from '../../../domain/tokens/token.js';
import type { TokenCodec } from '../../../domain/tokens/token-codec.js';
import type { Config } from '../../config/config.js';
import { CLOCK, CONFIG, TOKEN_CODEC } from '../../infrastructure/tokens.js';

/**
 * Decodes tokens for handlers, with Warp 10's messages (reference §2.2), and refuses tokens carrying an attribute
 * of `warp.token.banned.attributes` (§2.3).
 */
@Injectable()
export class TokenService {
  private readonly banned: readonly string[];

  constructor(
    @Inject(TOKEN_CODEC) private readonly codec: TokenCodec,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) config: Config,
  ) {
    this.banned = config.get('warp.token.banned.attributes').split(',').map((a) => a.trim()).filter((a) => a !== '');
  }

  write(token: string | undefined): WriteToken {
    if (token === undefined || token === '') throw new ForbiddenError('Write token missing.');
    const decoded = this.codec.decodeWrite(token, BigInt(this.clock.nowMs()));
    checkBannedAttributes(decoded.attributes, this.banned);
    return decoded;
  }

  read(token: string | undefined): ReadToken {
    if (token === undefined || token === '') throw new ForbiddenError('Read token missing.');
    const decoded = this.codec.decodeRead(token, BigInt(this.clock.nowMs()));
    checkBannedAttributes(decoded.attributes, this.banned);
    return decoded;
  }
}
