import { cellSetOf, cellsOf, jsonSizeOf, textToBase64, type CellRead, type CellWrite } from './hbase-cellset.js';
import { fetchCause, HBaseStoreError } from './hbase-error.js';

export interface HBaseRestClientOptions {
  /** Base URL of the REST gateway (`hbase rest start`, default port 8080), e.g. `http://hbase:8080`. */
  readonly url: string;
  /** Per-request timeout. @default 30000 */
  readonly timeoutMs?: number;
  /** Largest JSON body of one multi-row put (bytes, approximate). @default 4 MiB */
  readonly putBatchBytes?: number;
  /** Requests in flight at once for row deletes and multigets. @default 8 */
  readonly concurrency?: number;
}

/** A range scan: rows with startRow <= key < endRow, of one column, `batch` cells per round trip. */
export interface ScanRequest {
  readonly startRow: string;
  readonly endRow: string;
  /** `family:qualifier`. */
  readonly column: string;
  readonly batch: number;
  /** Only the keys (HBase KeyOnlyFilter: values come back empty). */
  readonly keysOnly?: boolean;
}

/** A table descriptor as the gateway's TableSchemaModel JSON: name, attributes, and `ColumnSchema` families. */
export interface TableSchemaJson {
  readonly name: string;
  readonly ColumnSchema: ReadonlyArray<{ readonly name: string; readonly [attribute: string]: string }>;
  readonly [attribute: string]: unknown;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
}

const JSON_TYPE = 'application/json';
/** Rows per multiget request: keeps the query string well under the gateway's 8 KiB header limit. */
const MULTIGET_ROWS = 60;

/**
 * The subset of the HBase REST gateway (Stargate) the store adapters use, in JSON: multi-row put
 * (`PUT /{table}/fakerow`), single-row get and delete (`GET|DELETE /{table}/{row}[/{family}/{ts}]`), multiget
 * (`GET /{table}/multiget?row=…`), stateful scanners (`PUT /{table}/scanner`, `GET` its location until 204,
 * `DELETE` it) and table schemas (`GET|PUT /{table}/schema`). Row keys MUST be URL-safe ASCII (see
 * hbase-row-keys.ts). Nothing is retried here: errors are HBaseStoreError, retriable for network
 * failures, timeouts and 5xx/408/429 (the gateway answers 503 when HBase is unavailable), not for 4xx
 * (404: table or column family missing).
 */
export class HBaseRestClient {
  readonly url: string;
  private readonly timeoutMs: number;
  private readonly putBatchBytes: number;
  private readonly concurrency: number;

  constructor(options: HBaseRestClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.putBatchBytes = options.putBatchBytes ?? 4 * 1024 * 1024;
    this.concurrency = options.concurrency ?? 8;
  }

  /** Writes cells, several rows per request (each row's mutation is atomic; the request as a whole is not). */
  async put(table: string, cells: readonly CellWrite[]): Promise<void> {
    let start = 0;
    while (start < cells.length) {
      let end = start;
      let size = 0;
      while (end < cells.length && (end === start || size + jsonSizeOf(cells[end]) <= this.putBatchBytes)) size += jsonSizeOf(cells[end++]);
      await this.request('PUT', `${tablePath(table)}/fakerow`, [200], { json: cellSetOf(cells.slice(start, end)) });
      start = end;
    }
  }

  /** The cells of one row; empty when the row does not exist. */
  async getRow(table: string, row: string): Promise<CellRead[]> {
    const answer = await this.request('GET', `${tablePath(table)}/${row}`, [200, 404], { accept: JSON_TYPE });
    return answer.status === 404 ? [] : this.cells(answer, `row ${row} of ${table}`);
  }

  /** The cells of many rows (absent rows are missing from the map), MULTIGET_ROWS rows per request. */
  async multiGet(table: string, rows: readonly string[]): Promise<Map<string, CellRead[]>> {
    const out = new Map<string, CellRead[]>();
    const chunks: string[][] = [];
    for (let i = 0; i < rows.length; i += MULTIGET_ROWS) chunks.push(rows.slice(i, i + MULTIGET_ROWS) as string[]);
    await forEachLimit(chunks, this.concurrency, async (chunk) => {
      const query = chunk.map((r) => `row=${r}`).join('&');
      const answer = await this.request('GET', `${tablePath(table)}/multiget?${query}`, [200, 404], { accept: JSON_TYPE });
      if (answer.status === 404) return;
      for (const cell of this.cells(answer, `a multiget of ${table}`)) {
        let list = out.get(cell.row);
        if (list === undefined) out.set(cell.row, (list = []));
        list.push(cell);
      }
    });
    return out;
  }

  /** Deletes the cells of `family` with timestamp <= `timestamp` in each row (HBase Delete.addFamily). */
  async deleteRows(table: string, rows: readonly string[], family: string, timestamp: number): Promise<void> {
    await forEachLimit(rows, this.concurrency, (row) => this.request('DELETE', `${tablePath(table)}/${row}/${family}/${timestamp}`, [200]).then(() => undefined));
  }

  /** Streams the cells of a range scan in key order; leaving the loop early closes the scanner. */
  async *scan(table: string, scan: ScanRequest): AsyncGenerator<CellRead> {
    const model: Record<string, unknown> = {
      startRow: textToBase64(scan.startRow),
      endRow: textToBase64(scan.endRow),
      column: [textToBase64(scan.column)],
      batch: scan.batch,
      maxVersions: 1,
    };
    if (scan.keysOnly === true) model['filter'] = JSON.stringify({ type: 'KeyOnlyFilter' });
    const created = await this.request('PUT', `${tablePath(table)}/scanner`, [201], { json: model });
    const location = created.headers.get('location');
    if (location === null) throw new HBaseStoreError(`cannot scan ${table} at ${this.url}: the scanner has no location`, { retriable: false });
    // The gateway answers with an absolute URL built from the request; only its path is ours to use.
    const scanner = new URL(location, this.url).pathname;
    try {
      for (;;) {
        const answer = await this.request('GET', scanner, [200, 204], { accept: JSON_TYPE });
        if (answer.status === 204) return;
        yield* this.cells(answer, `a scan of ${table}`);
      }
    } finally {
      await this.request('DELETE', scanner, [200, 404]).catch(() => undefined);
    }
  }

  /** The table's descriptor, or undefined when the table does not exist. */
  async tableSchema(table: string): Promise<TableSchemaJson | undefined> {
    const answer = await this.request('GET', `${tablePath(table)}/schema`, [200, 404], { accept: JSON_TYPE });
    if (answer.status === 404) return undefined;
    return this.json(answer, `the schema of ${table}`) as TableSchemaJson;
  }

  /** Creates a table (`PUT /{table}/schema`); on an existing table the gateway REPLACES its descriptor. */
  async createTable(schema: TableSchemaJson): Promise<void> {
    await this.request('PUT', `${tablePath(schema.name)}/schema`, [200, 201], { json: schema });
  }

  private cells(answer: Answer, what: string): CellRead[] {
    try {
      return cellsOf(this.json(answer, what));
    } catch (err) {
      if (err instanceof HBaseStoreError) throw err;
      throw new HBaseStoreError(`cannot read ${what} from ${this.url}: ${(err as Error).message}`, { retriable: false, cause: err });
    }
  }

  private json(answer: Answer, what: string): unknown {
    try {
      return JSON.parse(answer.text);
    } catch (err) {
      throw new HBaseStoreError(`cannot read ${what} from ${this.url}: the answer is not JSON`, { retriable: false, status: answer.status, cause: err });
    }
  }

  private async request(method: string, path: string, ok: readonly number[], options: { json?: unknown; accept?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.accept !== undefined) headers['accept'] = options.accept;
    if (options.json !== undefined) headers['content-type'] = JSON_TYPE;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        headers,
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw new HBaseStoreError(`cannot ${method} ${path.split('?')[0]} on the HBase REST gateway ${this.url}: ${(err as Error).message}${fetchCause(err)}`, { retriable: true, cause: err });
    }
    if (!ok.includes(res.status)) {
      const retriable = res.status >= 500 || res.status === 408 || res.status === 429;
      const hint = res.status === 404 ? ' (does the table exist with families m and v? see `continuum hbase create-table`)' : '';
      const detail = text.trim().split('\n')[0].slice(0, 200);
      throw new HBaseStoreError(`cannot ${method} ${path.split('?')[0]} on the HBase REST gateway ${this.url}: HTTP ${res.status} ${detail}${hint}`, { retriable, status: res.status });
    }
    return { status: res.status, text, headers: res.headers };
  }
}

function tablePath(table: string): string {
  return `/${encodeURIComponent(table)}`;
}

/** Runs `f` over `items` with at most `limit` calls in flight; rejects with the first failure. */
async function forEachLimit<T>(items: readonly T[], limit: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      try {
        await f(items[next++]);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
