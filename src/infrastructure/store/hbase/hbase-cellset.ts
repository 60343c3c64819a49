/**
 * The JSON representation of the HBase REST gateway's CellSet (org.apache.hadoop.hbase.rest.model:
 * CellSetModel, RowModel, CellModel): row keys, columns (`family:qualifier`) and values are base64;
 * `timestamp` is the cell timestamp in ms (absent on a put: the server stamps it).
 *
 *   {"Row":[{"key":"<b64>","Cell":[{"column":"<b64>","timestamp":1700000000000,"$":"<b64>"}]}]}
 */
export interface CellSetJson {
  readonly Row: readonly RowJson[];
}

export interface RowJson {
  readonly key: string;
  readonly Cell: readonly CellJson[];
}

export interface CellJson {
  readonly column: string;
  readonly timestamp?: number;
  readonly $: string;
}

/** One cell to write: row key and column as text (our keys are ASCII), value as bytes. */
export interface CellWrite {
  readonly row: string;
  /** `family:qualifier`, e.g. `v:` (family v, empty qualifier). */
  readonly column: string;
  readonly value: Uint8Array;
  readonly timestamp: number;
}

/** One cell read back. */
export interface CellRead {
  readonly row: string;
  readonly column: string;
  readonly timestamp: number;
  readonly value: Uint8Array;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Base64 of a text (row keys, columns). */
export function textToBase64(text: string): string {
  return Buffer.from(text, 'latin1').toString('base64');
}

/** The CellSet body of a multi-row put: one row per cell (our rows hold one cell). */
export function cellSetOf(cells: readonly CellWrite[]): CellSetJson {
  return { Row: cells.map((c) => ({ key: textToBase64(c.row), Cell: [{ column: textToBase64(c.column), timestamp: c.timestamp, $: b64(c.value) }] })) };
}

/** The cells of a CellSet answer (GET row, multiget, scanner), in answer order. Throws TypeError on another shape. */
export function cellsOf(body: unknown): CellRead[] {
  const rows = (body as { Row?: unknown } | null)?.Row;
  if (!Array.isArray(rows)) throw new TypeError('the answer is not a CellSet (no Row array)');
  const out: CellRead[] = [];
  for (const row of rows as RowJson[]) {
    if (typeof row?.key !== 'string' || !Array.isArray(row.Cell)) throw new TypeError('the answer is not a CellSet (bad Row)');
    const key = Buffer.from(row.key, 'base64').toString('latin1');
    for (const cell of row.Cell) {
      if (typeof cell?.column !== 'string') throw new TypeError('the answer is not a CellSet (bad Cell)');
      const value = Buffer.from(typeof cell.$ === 'string' ? cell.$ : '', 'base64');
      out.push({ row: key, column: Buffer.from(cell.column, 'base64').toString('latin1'), timestamp: Number(cell.timestamp ?? 0), value: new Uint8Array(value.buffer, value.byteOffset, value.byteLength) });
    }
  }
  return out;
}

/** Approximate size of a cell in a JSON body, to cut puts into requests of bounded size. */
export function jsonSizeOf(cell: CellWrite): number {
  return 80 + ((cell.row.length + cell.column.length + cell.value.length) * 4) / 3;
}
