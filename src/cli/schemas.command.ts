import { loadConfig } from '../config/config.loader.js';
import { openRegistrySchemaResolver, type RegisteredSchema } from './wiring.js';

export interface SchemasRegisterOptions {
  /** Registry URL; else `kafka.schema.registry.url` from the configuration. */
  readonly registry?: string;
  readonly dataDir?: string;
  readonly config?: string;
}

/**
 * `continuum schemas register [--registry URL]`: registers every schema version of the catalogue
 * (schemas/index.ts) under the subjects `<topic>-value` of the configured topics (`ingress.kafka.data.topic`,
 * `ingress.kafka.metadata.topic`), with compatibility BACKWARD, as every distributed component does at
 * start. Idempotent: versions already registered keep their ids. Returns the lines to print: one per
 * schema version the registry holds for those subjects, with its id.
 */
export async function schemasRegisterCommand(options: SchemasRegisterOptions): Promise<string[]> {
  const { config } = loadConfig({ dataDir: options.dataDir, configFile: options.config });
  const url = options.registry ?? config.get('kafka.schema.registry.url');
  if (url === undefined || url === '') throw new Error('no schema registry: give --registry <url> or set kafka.schema.registry.url');
  const resolver = await openRegistrySchemaResolver({
    url,
    topics: { data: config.get('ingress.kafka.data.topic'), metadata: config.get('ingress.kafka.metadata.topic') },
  });
  return [`schema registry ${url}:`, ...resolver.known().map(describe)];
}

function describe(s: RegisteredSchema): string {
  return `  ${s.subject} v${s.version}: id ${s.id}${s.writer ? ' (written by this release)' : ''}`;
}
