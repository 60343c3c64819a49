import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Config } from '../../config/config.js';
import { createHttpApp } from '../shared/http-server.js';
import { StandaloneModule } from './standalone.module.js';

/** Starts a standalone cell and returns it listening; SIGTERM/SIGINT close it cleanly (shutdown hooks). */
export async function startStandalone(config: Config): Promise<NestFastifyApplication> {
  const app = await createHttpApp(StandaloneModule.forRoot(config), {
    maxBodyBytes: config.get('ingress.http.maxbodysize'),
    corsHeaders: config.get('cors.headers').split(',').map((h) => h.trim()).filter((h) => h !== ''),
  });
  const host = config.get('standalone.host');
  const port = config.get('standalone.port');
  await app.listen(port, host);
  new Logger('standalone').log(`listening on http://${host}:${port}`);
  return app;
}
