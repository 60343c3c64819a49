import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Config } from '../../config/config.js';
import { createHttpApp } from '../shared/http-server.js';
import { StandaloneModule } from './standalone.module.js';

export interface StandaloneStartOptions {
  /** Log warnings and errors only (a scratch cell, see cli/warm-up.ts). Default false. */
  readonly quiet?: boolean;
  /** Close the cell and exit on SIGTERM/SIGINT. Default true. */
  readonly signals?: boolean;
}

/**
 * Starts a standalone cell and returns it listening. SIGTERM/SIGINT close it cleanly — requests in flight
 * answered, projections stopped after their batch, log and store closed — and the process exits with 0.
 */
export async function startStandalone(config: Config, options: StandaloneStartOptions = {}): Promise<NestFastifyApplication> {
  const app = await createHttpApp(StandaloneModule.forRoot(config), {
    maxBodyBytes: config.get('ingress.http.maxbodysize'),
    corsHeaders: config.get('cors.headers').split(',').map((h) => h.trim()).filter((h) => h !== ''),
    ...(options.quiet === true ? { logger: ['error', 'warn'] } : {}),
  });
  const host = config.get('standalone.host');
  const port = config.get('standalone.port');
  await app.listen(port, host);
  const logger = new Logger('standalone');
  if (options.quiet !== true) logger.log(`listening on http://${host}:${port}`);
  if (options.signals !== false) exitOnSignals(app, logger);
  return app;
}

/** SIGTERM/SIGINT close `app` (requests in flight answered, runners stopped, adapters closed) and exit 0. */
export function exitOnSignals(app: NestFastifyApplication, logger: Logger): void {
  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: stopping`);
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`cannot stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
