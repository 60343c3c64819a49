import avro from 'avsc';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Compatibility levels of the Confluent Schema Registry (`PUT /config/{subject}`). */
export type Compatibility = 'NONE' | 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE';
const LEVELS: readonly Compatibility[] = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'];

export interface SchemaRegistryStubOptions {
  /** The id the first new schema gets (Confluent starts at 1; a larger value shows ids are not the catalogue's). */
  readonly firstId?: number;
  /** The global compatibility level (Confluent's default: BACKWARD). */
  readonly defaultCompatibility?: Compatibility;
}

/** One request the stub answered, for assertions on what a client did. */
export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

interface Stored {
  readonly id: number;
  /** The schema string as first registered (what GET /schemas/ids/{id} returns). */
  readonly text: string;
  readonly type: avro.Type;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * An in-test HTTP server implementing the subset of the Confluent Schema Registry REST API that Continuum
 * and `@kafkajs/confluent-schema-registry` use, with the status codes and bodies of Confluent's API
 * documentation (error bodies `{"error_code", "message"}`, codes as in the registry's `Errors.java`):
 *
 * - `POST /subjects/{s}/versions` register → `{"id"}`; same schema again → same id, no new version;
 *   the same schema under another subject → the same global id; incompatible with the subject's
 *   compatibility level → 409 (40901); unparsable schema → 422 (42201).
 * - `POST /subjects/{s}` look up → `{"subject","id","version","schema"}`; 404 40401 / 40403.
 * - `GET /subjects`, `GET /subjects/{s}/versions`, `GET /subjects/{s}/versions/{v|latest}` (40401, 40402, 42202).
 * - `GET /schemas/ids/{id}` → `{"schema"}`; 404 40403.
 * - `GET /config`, `GET /config/{s}` (404 40408 when the subject has no level of its own), `PUT /config/{s}`
 *   (422 42203 for an unknown level).
 * - `POST /compatibility/subjects/{s}/versions/{v|latest}` → `{"is_compatible"}`.
 *
 * Schemas are Avro only; "the same schema" means the same JSON once parsed (whitespace does not count),
 * and compatibility is Avro schema resolution as avsc implements it (BACKWARD: the new schema reads data
 * written with the old one). Not a mock of our code: any client speaking the API works against it.
 */
export class SchemaRegistryStub {
  readonly requests: StubRequest[] = [];
  private readonly schemas: Stored[] = [];
  private readonly subjects = new Map<string, number[]>();
  private readonly configs = new Map<string, Compatibility>();
  private nextId: number;
  private globalCompatibility: Compatibility;

  private constructor(
    private readonly server: Server,
    options: SchemaRegistryStubOptions,
  ) {
    this.nextId = options.firstId ?? 1;
    this.globalCompatibility = options.defaultCompatibility ?? 'BACKWARD';
  }

  /** Starts a stub on a free port of 127.0.0.1. */
  static async start(options: SchemaRegistryStubOptions = {}): Promise<SchemaRegistryStub> {
    const server = createServer();
    const stub = new SchemaRegistryStub(server, options);
    server.on('request', (req, res) => void stub.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return stub;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The ids registered under a subject, in version order (version = index + 1). */
  versionsOf(subject: string): readonly number[] {
    return this.subjects.get(subject) ?? [];
  }

  /** The subject's own compatibility level, if one was set. */
  compatibilityOf(subject: string): Compatibility | undefined {
    return this.configs.get(subject);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    let status = 200;
    let body: unknown;
    try {
      const input = await readJson(req);
      body = this.route(req.method ?? 'GET', path.split('/').slice(1).map(decodeURIComponent), input);
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(500, 50001, (err as Error).message);
      status = e.status;
      body = { error_code: e.code, message: e.message };
    }
    this.requests.push({ method: req.method ?? 'GET', path, status });
    res.writeHead(status, { 'content-type': CONTENT_TYPE });
    res.end(JSON.stringify(body));
  }

  private route(method: string, p: string[], input: unknown): unknown {
    const [root, a, b, c, d] = p;
    if (root === 'subjects' && p.length === 1 && method === 'GET') return [...this.subjects.keys()];
    if (root === 'subjects' && p.length === 2 && method === 'POST') return this.lookUp(a, input);
    if (root === 'subjects' && b === 'versions' && p.length === 3 && method === 'POST') return this.register(a, input);
    if (root === 'subjects' && b === 'versions' && p.length === 3 && method === 'GET') return this.existing(a).map((_, i) => i + 1);
    if (root === 'subjects' && b === 'versions' && p.length === 4 && method === 'GET') return this.version(a, c);
    if (root === 'schemas' && a === 'ids' && p.length === 3 && method === 'GET') return { schema: this.byId(b).text };
    if (root === 'config' && p.length === 1 && method === 'GET') return { compatibilityLevel: this.globalCompatibility };
    if (root === 'config' && p.length === 2 && method === 'GET') return this.config(a);
    if (root === 'config' && p.length === 2 && method === 'PUT') return this.setConfig(a, input);
    if (root === 'compatibility' && a === 'subjects' && c === 'versions' && p.length === 5 && method === 'POST') return this.testCompatibility(b, d, input);
    throw new HttpError(404, 404, 'HTTP 404 Not Found');
  }

  private register(subject: string, input: unknown): { id: number } {
    const { text, type } = parseSchema(input);
    const ids = this.subjects.get(subject) ?? [];
    const existing = ids.find((id) => sameSchema(this.byIdNumber(id).text, text));
    if (existing !== undefined) return { id: existing };
    const problem = this.incompatibility(subject, ids, type, this.levelOf(subject));
    if (problem !== undefined) {
      throw new HttpError(409, 40901, `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${problem}]`);
    }
    let stored = this.schemas.find((s) => sameSchema(s.text, text));
    if (stored === undefined) {
      stored = { id: this.nextId++, text, type };
      this.schemas.push(stored);
    }
    ids.push(stored.id);
    this.subjects.set(subject, ids);
    return { id: stored.id };
  }

  private lookUp(subject: string, input: unknown): object {
    const ids = this.existing(subject);
    const { text } = parseSchema(input);
    const index = ids.findIndex((id) => sameSchema(this.byIdNumber(id).text, text));
    if (index < 0) throw new HttpError(404, 40403, 'Schema not found');
    const stored = this.byIdNumber(ids[index]);
    return { subject, id: stored.id, version: index + 1, schema: stored.text };
  }

  private version(subject: string, which: string): object {
    const ids = this.existing(subject);
    const index = this.versionIndex(ids, which);
    const stored = this.byIdNumber(ids[index]);
    return { subject, id: stored.id, version: index + 1, schema: stored.text };
  }

  private versionIndex(ids: readonly number[], which: string): number {
    if (which === 'latest' || which === '-1') return ids.length - 1;
    if (!/^[1-9]\d*$/.test(which)) {
      throw new HttpError(422, 42202, `The specified version '${which}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`);
    }
    const n = Number(which);
    if (n > ids.length) throw new HttpError(404, 40402, `Version ${which} not found.`);
    return n - 1;
  }

  private config(subject: string): object {
    const level = this.configs.get(subject);
    if (level === undefined) throw new HttpError(404, 40408, `Subject '${subject}' does not have subject-level compatibility configured`);
    return { compatibilityLevel: level };
  }

  private setConfig(subject: string, input: unknown): object {
    const level = (input as { compatibility?: unknown } | undefined)?.compatibility;
    if (typeof level !== 'string' || !LEVELS.includes(level.toUpperCase() as Compatibility)) {
      throw new HttpError(422, 42203, 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive');
    }
    this.configs.set(subject, level.toUpperCase() as Compatibility);
    return { compatibility: level.toUpperCase() };
  }

  private testCompatibility(subject: string, which: string, input: unknown): object {
    const ids = this.existing(subject);
    const index = this.versionIndex(ids, which);
    const { type } = parseSchema(input);
    const level = this.levelOf(subject);
    const against = level.endsWith('_TRANSITIVE') ? ids.slice(0, index + 1) : [ids[index]];
    return { is_compatible: this.incompatibility(subject, against, type, level.replace('_TRANSITIVE', '') as Compatibility) === undefined };
  }

  /** Why `type` may not follow the subject's versions `ids` under `level`, or undefined when it may. */
  private incompatibility(subject: string, ids: readonly number[], type: avro.Type, level: Compatibility): string | undefined {
    if (ids.length === 0 || level === 'NONE') return undefined;
    const olds = level.endsWith('_TRANSITIVE') ? ids : [ids[ids.length - 1]];
    const base = level.replace('_TRANSITIVE', '');
    for (const id of olds) {
      const old = this.byIdNumber(id).type;
      const version = (this.subjects.get(subject) ?? []).indexOf(id) + 1;
      if ((base === 'BACKWARD' || base === 'FULL') && !canRead(type, old)) return `the new schema cannot read data written with version ${version}`;
      if ((base === 'FORWARD' || base === 'FULL') && !canRead(old, type)) return `version ${version} cannot read data written with the new schema`;
    }
    return undefined;
  }

  private levelOf(subject: string): Compatibility {
    return this.configs.get(subject) ?? this.globalCompatibility;
  }

  private existing(subject: string): number[] {
    const ids = this.subjects.get(subject);
    if (ids === undefined) throw new HttpError(404, 40401, `Subject '${subject}' not found.`);
    return ids;
  }

  private byId(text: string): Stored {
    const stored = /^\d+$/.test(text) ? this.schemas.find((s) => s.id === Number(text)) : undefined;
    if (stored === undefined) throw new HttpError(404, 40403, `Schema ${text} not found`);
    return stored;
  }

  private byIdNumber(id: number): Stored {
    return this.byId(String(id));
  }
}

function canRead(reader: avro.Type, writer: avro.Type): boolean {
  try {
    reader.createResolver(writer);
    return true;
  } catch {
    return false;
  }
}

function parseSchema(input: unknown): { text: string; type: avro.Type } {
  const body = input as { schema?: unknown; schemaType?: unknown } | undefined;
  if (typeof body?.schema !== 'string') throw new HttpError(422, 42201, 'Invalid schema: the body has no schema string');
  if (body.schemaType !== undefined && body.schemaType !== 'AVRO') throw new HttpError(422, 42201, `Invalid schema: schema type ${String(body.schemaType)} is not supported`);
  try {
    return { text: body.schema, type: avro.Type.forSchema(JSON.parse(body.schema) as avro.Schema) };
  } catch (err) {
    throw new HttpError(422, 42201, `Invalid schema ${body.schema}: ${(err as Error).message}`);
  }
}

function sameSchema(a: string, b: string): boolean {
  return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 400, `Unexpected character in JSON body: ${text.slice(0, 40)}`);
  }
}
