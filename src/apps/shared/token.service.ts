import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError } from '../../../domain/errors.js';
import type { Clock } from '../../../domain/ports/clock.js';
import type { ReadToken, WriteToken } from '../../../domain/tokens/token.js';
import type { TokenCodec } from '../../../domain/tokens/token-codec.js';
import { CLOCK, TOKEN_CODEC } from '../../infrastructure/tokens.js';

/** Decodes tokens for handlers, with Warp 10's messages (reference §2.2). */
@Injectable()
export class TokenService {
  constructor(
    @Inject(TOKEN_CODEC) private readonly codec: TokenCodec,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  write(token: string | undefined): WriteToken {
    if (token === undefined || token === '') throw new ForbiddenError('Write token missing.');
    return this.codec.decodeWrite(token, BigInt(this.clock.nowMs()));
  }

  read(token: string | undefined): ReadToken {
    if (token === undefined || token === '') throw new ForbiddenError('Read token missing.');
    return this.codec.decodeRead(token, BigInt(this.clock.nowMs()));
  }
}
