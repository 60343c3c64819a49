import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError } from '../../../domain/errors.js';
import type { Clock } from '../../../domain/ports/clock.js';
import { checkBannedAttributes } from '../../../domain/tokens/token-policy.js';
import type { ReadToken, WriteToken } from '../../../domain/tokens/token.js';
import type { TokenCodec } from '../../../domain/tokens/token-codec.js';
import type { Config } from '../../config/config.js';
import { CLOCK, CONFIG, TOKEN_CODEC } from '../../infrastructure/tokens.js';
import { DecodedTokenCache } from './decoded-token-cache.js';

/**
 * Decodes tokens for handlers, with Warp 10's messages (reference §2.2), and refuses tokens carrying an attribute
 * of `warp.token.banned.attributes` (§2.3). Accepted tokens are kept decoded (decoded-token-cache.ts: still
 * checked for expiry on every use), as clients send the same token with every request.
 */
@Injectable()
export class TokenService {
  private readonly banned: readonly string[];
  private readonly writeTokens = new DecodedTokenCache<WriteToken>();
  private readonly readTokens = new DecodedTokenCache<ReadToken>();

  constructor(
    @Inject(TOKEN_CODEC) private readonly codec: TokenCodec,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) config: Config,
  ) {
    this.banned = config.get('warp.token.banned.attributes').split(',').map((a) => a.trim()).filter((a) => a !== '');
  }

  write(token: string | undefined): WriteToken {
    if (token === undefined || token === '') throw new ForbiddenError('Write token missing.');
    const now = BigInt(this.clock.nowMs());
    return this.writeTokens.get(token, now, (text) => {
      const decoded = this.codec.decodeWrite(text, now);
      checkBannedAttributes(decoded.attributes, this.banned);
      return decoded;
    });
  }

  read(token: string | undefined): ReadToken {
    if (token === undefined || token === '') throw new ForbiddenError('Read token missing.');
    const now = BigInt(this.clock.nowMs());
    return this.readTokens.get(token, now, (text) => {
      const decoded = this.codec.decodeRead(text, now);
      checkBannedAttributes(decoded.attributes, this.banned);
      return decoded;
    });
  }
}
