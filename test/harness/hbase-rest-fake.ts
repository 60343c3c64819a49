import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeTable, type FakeCell } from './hbase-fake-table.js';

/** A request the fake answered. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/**
 * Makes matching requests fail with `status` (503: HBase unavailable) without doing anything, after
 * letting `after` of them through, `times` times (default: until cleared).
 */
export interface FailureRule {
  readonly method?: string;
  readonly path?: RegExp;
  readonly status?: number;
  after?: number;
  times?: number;
}

interface Scanner {
  readonly table: FakeTable;
  readonly start: Buffer;
  readonly end: Buffer | undefined;
  readonly columns: string[];
  readonly batch: number;
  readonly keysOnly: boolean;
  last: Buffer | undefined;
  /** Cells of the row `last` not answered yet (a row with more cells than the batch spans answers). */
  pending: FakeCell[];
}

class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown = undefined,
    readonly headers: Record<string, string> = {},
  ) {}
}

const notFound = (what = '') => new Reply(404, `Not found${what}\r\n`);
const JSON_TYPE = 'application/json';

/**
 * An in-test HBase REST gateway (Stargate) implementing, in JSON, what the store adapters use, with the
 * gateway's status codes: table schemas (`GET|PUT|POST|DELETE /{t}/schema`), multi-row puts (`PUT|POST
 * /{t}/{row}` with a CellSet; keys from the body), row gets (`GET /{t}/{row}[/{columns}]`, 404 when the row
 * has no cell), multiget (`GET /{t}/multiget?row=…`, 404 "No rows found"), deletes (`DELETE
 * /{t}/{row}[/{family|column}[/{ts}]]`, HBase delete markers), stateful scanners (`PUT /{t}/scanner` →
 * 201 + Location; `GET` → CellSet of at most `batch` cells or 204 when done; `DELETE`), the KeyOnlyFilter.
 * Row keys in paths are URL-decoded as UTF-8, as RowSpec does. A missing table or family answers 404,
 * an unsupported request 400. Semantics live in FakeTable. Not a mock of our code.
 */
export class HBaseRestFake {
  readonly requests: FakeRequest[] = [];
  private readonly tables = new Map<string, FakeTable>();
  private readonly scanners = new Map<string, Scanner>();
  private failures: FailureRule[] = [];
  private scannerIds = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<HBaseRestFake> {
    const server = createServer();
    const fake = new HBaseRestFake(server);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Adds a failure rule (see FailureRule); `clearFailures` removes them all. */
  failWhen(rule: FailureRule): void {
    this.failures.push(rule);
  }

  clearFailures(): void {
    this.failures = [];
  }

  /** A table, for assertions. */
  table(name: string): FakeTable | undefined {
    return this.tables.get(name);
  }

  /** Scanners not deleted yet. */
  get openScanners(): number {
    return this.scanners.size;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const [path, query = ''] = (req.url ?? '/').split('?');
    let reply: Reply;
    try {
      const body = await readBody(req);
      reply = this.injectedFailure(method, path) ?? this.route(method, path, new URLSearchParams(query), body, req);
    } catch (err) {
      reply = new Reply(400, `Bad request\r\n${(err as Error).message}\r\n`);
    }
    this.requests.push({ method, path, status: reply.status });
    const isJson = typeof reply.body === 'object';
    res.writeHead(reply.status, { 'content-type': isJson ? JSON_TYPE : 'text/plain', ...reply.headers });
    res.end(reply.body === undefined ? undefined : isJson ? JSON.stringify(reply.body) : String(reply.body));
  }

  private injectedFailure(method: string, path: string): Reply | undefined {
    const rule = this.failures.find((r) => (r.method === undefined || r.method === method) && (r.path === undefined || r.path.test(path)) && (r.times === undefined || r.times > 0));
    if (rule === undefined) return undefined;
    if (rule.after !== undefined && rule.after > 0) {
      rule.after--;
      return undefined;
    }
    if (rule.times !== undefined) rule.times--;
    return new Reply(rule.status ?? 503, 'Unavailable\r\n');
  }

  private route(method: string, path: string, query: URLSearchParams, body: Buffer, req: IncomingMessage): Reply {
    const segments = path.split('/').slice(1);
    const tableName = decodeURIComponent(segments[0] ?? '');
    const rest = segments.slice(1);
    if (rest[0] === 'schema' && rest.length === 1) return this.schema(method, tableName, body);
    const table = this.tables.get(tableName);
    if (table === undefined) return notFound();
    const wantsJson = (req.headers.accept ?? '').includes(JSON_TYPE);
    if (rest[0] === 'scanner') {
      if (rest.length === 1 && (method === 'PUT' || method === 'POST')) return this.openScanner(table, parseJson(body), req.headers.host ?? '127.0.0.1');
      if (rest.length === 2 && method === 'DELETE') {
        this.scanners.delete(rest[1]);
        return new Reply(200);
      }
      if (rest.length === 2 && method === 'GET') return wantsJson ? this.nextCells(rest[1]) : new Reply(406, 'Not Acceptable\r\n');
    }
    if (rest[0] === 'multiget' && method === 'GET') return this.multiGet(table, query.getAll('row'));
    if (rest.length === 0 || rest[0] === '' || rest.join('/').includes('*')) return new Reply(400, 'Bad request: not supported by the fake gateway\r\n');
    const key = Buffer.from(decodeURIComponent(rest[0]), 'utf8');
    const columns = (rest[1] ?? '').split(',').filter((c) => c !== '').map(decodeURIComponent);
    if (method === 'GET') return wantsJson ? this.getRow(table, key, columns) : new Reply(406, 'Not Acceptable\r\n');
    if (method === 'PUT' || method === 'POST') return this.put(table, key, parseJson(body));
    if (method === 'DELETE') return this.deleteRow(table, key, columns, rest[2]);
    return new Reply(405, 'Method Not Allowed\r\n');
  }

  private schema(method: string, name: string, body: Buffer): Reply {
    const existing = this.tables.get(name);
    if (method === 'GET') return existing === undefined ? notFound() : new Reply(200, existing.schema);
    if (method === 'DELETE') return this.tables.delete(name) ? new Reply(200) : notFound();
    const schema = parseJson(body) as Record<string, unknown>;
    if (!Array.isArray(schema['ColumnSchema'])) return new Reply(400, 'Bad request\r\n');
    if (existing !== undefined && method === 'POST') {
      const families = [...(existing.schema['ColumnSchema'] as object[]), ...(schema['ColumnSchema'] as Array<{ name: string }>).filter((f) => !existing.families.has(f.name))];
      this.tables.set(name, new FakeTable(name, { ...existing.schema, ColumnSchema: families }));
      return new Reply(200);
    }
    this.tables.set(name, new FakeTable(name, { ...schema, name }));
    return new Reply(201, undefined, { location: `/${name}/schema` });
  }

  private put(table: FakeTable, pathKey: Buffer, cellSet: unknown): Reply {
    const rows = (cellSet as { Row?: Array<{ key?: string; Cell?: Array<{ column?: string; timestamp?: number; $?: string }> }> }).Row;
    if (!Array.isArray(rows)) return new Reply(400, 'Bad request\r\n');
    const writes: Array<[Buffer, FakeCell]> = [];
    for (const row of rows) {
      const key = row.key === undefined ? pathKey : Buffer.from(row.key, 'base64');
      if (key.length === 0) return new Reply(400, 'Bad request: Row key not specified.\r\n');
      for (const cell of row.Cell ?? []) {
        if (cell.column === undefined) return new Reply(400, 'Bad request: Column found to be null.\r\n');
        const column = Buffer.from(cell.column, 'base64').toString('latin1');
        if (!column.includes(':')) return new Reply(400, 'Bad request\r\n');
        if (!table.families.has(column.split(':')[0])) return notFound(`\r\norg.apache.hadoop.hbase.regionserver.NoSuchColumnFamilyException: ${column}`);
        writes.push([key, { column, timestamp: cell.timestamp ?? Date.now(), value: Buffer.from(cell.$ ?? '', 'base64') }]);
      }
    }
    for (const [key, cell] of writes) table.put(key, cell);
    return new Reply(200);
  }

  private getRow(table: FakeTable, key: Buffer, columns: string[]): Reply {
    const cells = table.get(key, columns);
    return cells.length === 0 ? notFound() : new Reply(200, cellSet([[key, cells]]));
  }

  private multiGet(table: FakeTable, rows: string[]): Reply {
    const found: Array<[Buffer, FakeCell[]]> = [];
    for (const r of rows) {
      const key = Buffer.from(decodeURIComponent(r), 'utf8');
      const cells = table.get(key);
      if (cells.length > 0) found.push([key, cells]);
    }
    return found.length === 0 ? notFound('\r\nNo rows found.') : new Reply(200, cellSet(found));
  }

  private deleteRow(table: FakeTable, key: Buffer, columns: string[], timestamp: string | undefined): Reply {
    if (timestamp !== undefined && !/^\d+$/.test(timestamp)) return new Reply(400, 'Bad request\r\n');
    const ts = timestamp === undefined ? Date.now() : Number(timestamp);
    for (const c of columns) if (!table.families.has(c.split(':')[0])) return notFound();
    if (columns.length === 0) table.delete(key, undefined, ts);
    for (const c of columns) table.delete(key, c.endsWith(':') ? c.slice(0, -1) : c, ts);
    return new Reply(200);
  }

  private openScanner(table: FakeTable, model: unknown, host: string): Reply {
    const m = model as { startRow?: string; endRow?: string; column?: string[]; batch?: number; filter?: string };
    const filter = m.filter === undefined ? undefined : (JSON.parse(m.filter) as { type?: string }).type;
    if (filter !== undefined && filter !== 'KeyOnlyFilter') return new Reply(400, `Bad request: filter ${filter} is not supported by the fake gateway\r\n`);
    const columns = (m.column ?? []).map((c) => Buffer.from(c, 'base64').toString('latin1'));
    const id = `${Date.now()}${(++this.scannerIds).toString(16)}`;
    this.scanners.set(id, {
      table,
      start: Buffer.from(m.startRow ?? '', 'base64'),
      end: m.endRow === undefined ? undefined : Buffer.from(m.endRow, 'base64'),
      columns,
      batch: m.batch ?? 2 ** 31 - 1,
      keysOnly: filter === 'KeyOnlyFilter',
      last: undefined,
      pending: [],
    });
    return new Reply(201, undefined, { location: `http://${host}/${encodeURIComponent(table.name)}/scanner/${id}` });
  }

  private nextCells(id: string): Reply {
    const s = this.scanners.get(id);
    if (s === undefined) return notFound();
    const rows: Array<[Buffer, FakeCell[]]> = [];
    let count = 0;
    while (count < s.batch) {
      let key = s.last;
      let cells = s.pending;
      if (cells.length === 0) {
        const row = s.table.next(s.start, s.last, s.end, s.columns);
        if (row === undefined) break;
        [key, cells] = [row.key, row.cells];
      }
      const now = cells.slice(0, s.batch - count);
      s.pending = cells.slice(now.length);
      s.last = key;
      rows.push([key as Buffer, s.keysOnly ? now.map((c) => ({ ...c, value: Buffer.alloc(0) })) : now]);
      count += now.length;
    }
    return rows.length === 0 ? new Reply(204) : new Reply(200, cellSet(rows));
  }
}

function cellSet(rows: Array<[Buffer, FakeCell[]]>): object {
  return {
    Row: rows.map(([key, cells]) => ({
      key: key.toString('base64'),
      Cell: cells.map((c) => ({ column: Buffer.from(c.column, 'latin1').toString('base64'), timestamp: c.timestamp, $: c.value.toString('base64') })),
    })),
  };
}

function parseJson(body: Buffer): unknown {
  return JSON.parse(body.toString('utf8'));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
