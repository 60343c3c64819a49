import { retriableStatus, SchemaRegistryError } from './schema-registry-error.js';

/** A subject version as the registry returns it (`GET /subjects/{s}/versions/{v}`). */
export interface RegistryVersion {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  /** The schema as the registry stores it: a JSON string. */
  readonly schema: string;
}

const ACCEPT = 'application/vnd.schemaregistry.v1+json, application/json';

/**
 * The registry reads that need the whole answer, which `@kafkajs/confluent-schema-registry` only returns
 * parsed (an avsc Type) or in part (an id): the exact schema string of an id, the latest version of a
 * subject, and the version a schema has under a subject. Plain `fetch`, no retries (callers decide by
 * SchemaRegistryError.retriable).
 */
export class RegistryHttp {
  constructor(private readonly baseUrl: string) {}

  /** `GET /schemas/ids/{id}`: the schema string, or undefined when the registry has no such id (404). */
  async schemaString(id: number): Promise<string | undefined> {
    const body = await this.get(`/schemas/ids/${id}`, `cannot read schema id ${id}`);
    if (body === undefined) return undefined;
    const schema = (body as { schema?: unknown }).schema;
    if (typeof schema !== 'string') throw this.malformed(`cannot read schema id ${id}`);
    return schema;
  }

  /** `GET /subjects/{s}/versions/latest`, or undefined when the subject does not exist (404). */
  async latest(subject: string): Promise<RegistryVersion | undefined> {
    const context = `cannot read the latest version of subject ${subject}`;
    const body = (await this.get(`/subjects/${encodeURIComponent(subject)}/versions/latest`, context)) as Partial<RegistryVersion> | undefined;
    if (body === undefined) return undefined;
    if (typeof body.id !== 'number' || typeof body.version !== 'number' || typeof body.schema !== 'string') throw this.malformed(context);
    return { subject, version: body.version, id: body.id, schema: body.schema };
  }

  /**
   * `POST /subjects/{s}` with the exact schema string: its id and version under the subject, or undefined
   * when the subject does not exist or does not hold that schema (404, error codes 40401 / 40403).
   */
  async lookUp(subject: string, schema: string): Promise<RegistryVersion | undefined> {
    const context = `cannot look up a schema under subject ${subject}`;
    const body = (await this.request('POST', `/subjects/${encodeURIComponent(subject)}`, context, JSON.stringify({ schema }))) as Partial<RegistryVersion> | undefined;
    if (body === undefined) return undefined;
    if (typeof body.id !== 'number' || typeof body.version !== 'number') throw this.malformed(context);
    return { subject, version: body.version, id: body.id, schema };
  }

  private get(path: string, context: string): Promise<unknown> {
    return this.request('GET', path, context);
  }

  private async request(method: string, path: string, context: string, body?: string): Promise<unknown> {
    let res: Response;
    try {
      const headers: Record<string, string> = { accept: ACCEPT };
      if (body !== undefined) headers['content-type'] = 'application/vnd.schemaregistry.v1+json';
      res = await fetch(new URL(path, this.baseUrl), { method, headers, body });
    } catch (err) {
      const reason = (err as { cause?: { message?: unknown; code?: unknown } }).cause;
      const cause = typeof reason?.message === 'string' && reason.message !== '' ? ` (${reason.message})` : typeof reason?.code === 'string' ? ` (${reason.code})` : '';
      throw new SchemaRegistryError(`${context} at ${this.baseUrl}: ${(err as Error).message}${cause}`, { retriable: true, cause: err });
    }
    const text = await res.text();
    if (res.status === 404) return undefined;
    if (!res.ok) {
      throw new SchemaRegistryError(`${context} at ${this.baseUrl}: HTTP ${res.status} ${text.slice(0, 200)}`, { retriable: retriableStatus(res.status), status: res.status });
    }
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new SchemaRegistryError(`${context} at ${this.baseUrl}: the answer is not JSON`, { retriable: false, status: res.status, cause: err });
    }
  }

  private malformed(context: string): SchemaRegistryError {
    return new SchemaRegistryError(`${context} at ${this.baseUrl}: unexpected answer`, { retriable: false });
  }
}
