/** A cell as HBase stores it: one visible version per column (families are created with VERSIONS => 1). */
export interface FakeCell {
  readonly column: string;
  readonly timestamp: number;
  readonly value: Buffer;
}

interface FakeRow {
  readonly key: Buffer;
  /** Visible cells by column (`family:qualifier`, latin1). */
  readonly cells: Map<string, FakeCell>;
  /** Delete markers: by family (`f`) or column (`f:q`), the highest timestamp deleted. */
  readonly markers: Map<string, number>;
}

/**
 * One HBase table as the REST gateway exposes it: rows sorted by unsigned bytes, cells with timestamps,
 * VERSIONS => 1 (a read sees the cell with the highest timestamp; at equal timestamps the later write),
 * and delete markers that, as in HBase until a major compaction, keep hiding every cell of their family
 * or column whose timestamp is not above them, including cells written after the delete.
 */
export class FakeTable {
  private readonly rows: FakeRow[] = [];

  constructor(
    readonly name: string,
    readonly schema: Record<string, unknown>,
  ) {}

  get families(): Set<string> {
    return new Set(((this.schema['ColumnSchema'] as Array<{ name: string }> | undefined) ?? []).map((f) => f.name));
  }

  /** Writes one cell, unless a delete marker or a newer cell hides it. */
  put(key: Buffer, cell: FakeCell): void {
    const row = this.row(key, true) as FakeRow;
    if (cell.timestamp <= this.markerOf(row, cell.column)) return;
    const existing = row.cells.get(cell.column);
    if (existing === undefined || existing.timestamp <= cell.timestamp) row.cells.set(cell.column, cell);
  }

  /** HBase Delete: every cell of `target` (a family, or a `family:qualifier` column; undefined: all families) with timestamp <= `timestamp`. */
  delete(key: Buffer, target: string | undefined, timestamp: number): void {
    const row = this.row(key, true) as FakeRow;
    const targets = target === undefined ? [...this.families] : [target];
    for (const t of targets) {
      row.markers.set(t, Math.max(row.markers.get(t) ?? -Infinity, timestamp));
      for (const [column, cell] of row.cells) {
        if ((column === t || column.startsWith(`${t}:`)) && cell.timestamp <= timestamp) row.cells.delete(column);
      }
    }
  }

  /** The visible cells of a row, optionally only those of the given families or columns. */
  get(key: Buffer, columns: readonly string[] = []): FakeCell[] {
    const row = this.row(key, false);
    return row === undefined ? [] : visible(row, columns);
  }

  /** The first row with visible cells whose key is above `after` (or at/above `from`) and below `end`. */
  next(from: Buffer, after: Buffer | undefined, end: Buffer | undefined, columns: readonly string[]): { key: Buffer; cells: FakeCell[] } | undefined {
    let i = after === undefined ? this.index(from) : this.index(after);
    if (after !== undefined && i < this.rows.length && this.rows[i].key.equals(after)) i++;
    for (; i < this.rows.length; i++) {
      const row = this.rows[i];
      if (end !== undefined && end.length > 0 && Buffer.compare(row.key, end) >= 0) return undefined;
      const cells = visible(row, columns);
      if (cells.length > 0) return { key: row.key, cells };
    }
    return undefined;
  }

  /** Every row key with visible cells, in order (for assertions). */
  keys(): Buffer[] {
    return this.rows.filter((r) => r.cells.size > 0).map((r) => r.key);
  }

  private markerOf(row: FakeRow, column: string): number {
    const family = column.split(':')[0];
    return Math.max(row.markers.get(family) ?? -Infinity, row.markers.get(column) ?? -Infinity);
  }

  private row(key: Buffer, create: boolean): FakeRow | undefined {
    const i = this.index(key);
    if (i < this.rows.length && this.rows[i].key.equals(key)) return this.rows[i];
    if (!create) return undefined;
    const row: FakeRow = { key: Buffer.from(key), cells: new Map(), markers: new Map() };
    this.rows.splice(i, 0, row);
    return row;
  }

  /** Index of the first row whose key is >= `key`. */
  private index(key: Buffer): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Buffer.compare(this.rows[mid].key, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function visible(row: FakeRow, columns: readonly string[]): FakeCell[] {
  const out = [...row.cells.values()].filter((c) => columns.length === 0 || columns.some((col) => (col.includes(':') ? c.column === col : c.column.startsWith(`${col}:`))));
  return out.sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}
