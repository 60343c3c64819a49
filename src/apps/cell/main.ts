import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Config } from '../../config/config.js';
import { DirectoryAnnouncer } from '../directory/directory-announcer.js';
import { createHttpApp } from '../shared/http-server.js';
import { exitOnSignals, startStandalone } from '../standalone/main.js';
import { CellModule } from './cell.module.js';
import { componentListeners, serveListeners } from './component-listeners.js';
import { componentsText, type ComponentSet } from './components.js';

export interface StartCellOptions {
  /** The start option --port: every HTTP component of the process listens on it. */
  readonly port?: number;
}

/**
 * Starts the components of this process and returns the application once every component serves: `standalone`
 * as before (one port); otherwise the projections are started (a directory has rebuilt its index), each HTTP
 * component listens on its port and logs `<components> listening on http://host:port`, and a directory registers
 * in ZooKeeper. SIGTERM/SIGINT stop it cleanly (directory withdrawn first, runners stopped after their batch,
 * offsets committed, adapters closed) and exit with 0.
 */
export async function startCell(config: Config, set: ComponentSet, options: StartCellOptions = {}): Promise<NestFastifyApplication> {
  if (set.kind === 'standalone') return startStandalone(config);
  const logger = new Logger('cell');
  const listeners = componentListeners(config, set.components, options.port);
  const app = await createHttpApp(CellModule.forComponents(config, set), {
    maxBodyBytes: config.get('ingress.http.maxbodysize'),
    corsHeaders: config.get('cors.headers').split(',').map((h) => h.trim()).filter((h) => h !== ''),
  });
  const bound = await serveListeners(app, listeners);
  for (const l of bound) logger.log(`${[...l.serves].join(',')} listening on http://${l.host}:${l.boundPort}`);
  const directory = bound.find((l) => l.serves.has('directory'));
  if (directory !== undefined) await app.get(DirectoryAnnouncer).announce(directory.boundPort);
  logger.log(`components ${componentsText(set)} running`);
  exitOnSignals(app, logger);
  return app;
}
