import { Controller, Get, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { CONFIG } from '../../infrastructure/tokens.js';
import { LOG_POSITION_HEADER } from '../shared/log-position.header.js';
import { header } from '../shared/request-text.js';
import { FetchDatapointsQuery } from './fetch-datapoints.query.js';
import { requestParams } from './request-params.js';
import { streamResponse } from './stream-response.js';

/**
 * `GET|POST /api/v0/fetch` (reference §7.1): parameters from the query string and, on POST, from an
 * `application/x-www-form-urlencoded` body; the answer is streamed as it is read from the store.
 */
@Controller('api/v0')
export class FetchController {
  private readonly logger = new Logger('fetch');

  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('fetch')
  get(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(req, reply);
  }

  @Post('fetch')
  post(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(req, reply);
  }

  private async handle(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const query = new FetchDatapointsQuery(requestParams(req), header(req, this.config.get('http.header.token')), header(req, LOG_POSITION_HEADER));
    const response = await this.queries.execute(query);
    await streamResponse(reply, response, this.logger);
  }
}
