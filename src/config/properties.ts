/**
 * Reads and writes Java-style `.properties` text (Warp 10's configuration format): `key = value` or
 * `key: value`, `#`/`!` comments, a trailing backslash continues a line, surrounding spaces trimmed.
 * Returns the entries with the 1-based line each key came from (for error messages).
 */
export interface PropertyEntry {
  readonly value: string;
  readonly line: number;
}

export function parseProperties(text: string): Map<string, PropertyEntry> {
  const out = new Map<string, PropertyEntry>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let logical = lines[i].trimStart();
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue;
    while (endsWithContinuation(logical) && i + 1 < lines.length) {
      logical = logical.slice(0, -1) + lines[++i].trimStart();
    }
    const sep = logical.search(/[=:]/);
    const key = (sep < 0 ? logical : logical.slice(0, sep)).trim();
    const value = sep < 0 ? '' : logical.slice(sep + 1).trim();
    if (key !== '') out.set(key, { value: unescape(value), line: startLine });
  }
  return out;
}

function endsWithContinuation(line: string): boolean {
  let n = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

function unescape(value: string): string {
  return value.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.startsWith('u') && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return { t: '\t', n: '\n', r: '\r', f: '\f' }[e] ?? e;
  });
}
