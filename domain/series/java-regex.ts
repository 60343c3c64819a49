import { ValidationError } from '../errors.js';
import { translateProperty } from './java-regex-property.js';

/**
 * Java regular expressions (java.util.regex.Pattern, as Warp 10 selectors use them) compiled to
 * JavaScript RegExps that match the WHOLE input, like Java's `Matcher.matches()` (reference §6.3).
 *
 * The translation is one pass over the Java text, in JavaScript's `u` mode (code points, `\p{…}`,
 * strict syntax). What differs between the dialects is rewritten:
 * - `\Q…\E` quoting; `\s`/`\S` and the POSIX classes `\p{Alpha}`… are ASCII-only in Java;
 *   `\h` `\v` `\R` `\a` `\e` `\0oct` `\x{…}` `\cX` `\A` `\z` `\Z`; `java*`/`Is*`/`sc=` properties;
 * - literal `]` and `}` outside a class, and `]` first in a class (all literals in Java);
 * - escapes of punctuation that `u` mode refuses (`\:`, `\'`…) become the plain character;
 * - inline flags `(?i)` `(?s)` `(?m)` `(?u)` at the very start become RegExp flags.
 * Java forms JavaScript cannot express are refused with a reason instead of silently matching
 * something else: possessive quantifiers (`a*+`), atomic groups `(?>…)`, inline flags elsewhere,
 * `(?x)` comments mode, class unions/intersections (`[a-z&&[^e]]`), `\G`, `\X`, Unicode blocks.
 *
 * Known remaining differences: with `(?i)` JavaScript folds non-ASCII case too (Java needs `(?u)`),
 * `.` also stops at U+0085 in Java, and `\S` inside a class is Unicode-aware in JavaScript.
 */
export function compileJavaRegex(java: string): RegExp {
  if (java === '.*' || java === '^.*' || java === '^.*$') return MATCH_ALL; // Warp 10 SmartPattern
  let translated: { source: string; flags: string };
  try {
    translated = new Translator(java).run();
  } catch (e) {
    throw new ValidationError(`cannot use regular expression '${java}': ${(e as Error).message}`, { cause: e });
  }
  const { source, flags } = translated;
  // With (?m), ^ and $ match at line boundaries, so anchor the whole input with lookarounds.
  const anchored = flags.includes('m') ? `(?<![\\s\\S])(?:${source})(?![\\s\\S])` : `^(?:${source})$`;
  try {
    return new RegExp(anchored, `${flags}u`);
  } catch (e) {
    throw new ValidationError(`cannot use regular expression '${java}': ${(e as Error).message}`, { cause: e });
  }
}

/** What Warp 10's SmartPattern treats as "match anything" (`.*`, `^.*`, `^.*$`), newlines included. */
const MATCH_ALL = /^[\s\S]*$/u;

const SYNTAX = '^$\\.*+?()[]{}|/';
const SPACE = '\\t\\n\\x0B\\f\\r ';
const HSPACE = '\\t \\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000';
const VSPACE = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029';
const SIMPLE: Readonly<Record<string, number>> = { t: 9, n: 10, r: 13, f: 12, a: 7, e: 27 };
const FLAG_LETTERS = 'isum';

class Translator {
  private i = 0;
  private out = '';
  private readonly flags = new Set<string>();

  constructor(private readonly src: string) {}

  run(): { source: string; flags: string } {
    this.leadingFlags();
    while (this.i < this.src.length) this.outside();
    const flags = [...this.flags].filter((f) => f !== 'u').join('');
    return { source: this.out, flags };
  }

  private leadingFlags(): void {
    const re = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)/;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.src.slice(this.i))) !== null) {
      for (const f of m[1]) {
        if (!FLAG_LETTERS.includes(f)) throw new Error(`inline flag '${f}' is not supported`);
        this.flags.add(f);
      }
      for (const f of m[2] ?? '') this.flags.delete(f);
      this.i += m[0].length;
    }
  }

  private outside(): void {
    const c = this.src[this.i];
    if (c === '\\') return this.escape(false);
    if (c === '[') return this.charClass();
    if (c === '(') return this.group();
    this.i++;
    if (c === '*' || c === '+' || c === '?') return this.quantifierSuffix(c);
    if (c === '{') return this.repetition();
    if (c === '}' || c === ']') this.out += `\\${c}`;
    else this.out += c;
  }

  private group(): void {
    const rest = this.src.slice(this.i, this.i + 4);
    if (rest.startsWith('(?>')) throw new Error('atomic groups (?>…) are not supported');
    if (rest.startsWith('(?') && !/^\(\?(?::|=|!|<=|<!|<[a-zA-Z])/.test(rest)) {
      throw new Error('inline flags are only supported at the start of the expression');
    }
    this.out += '(';
    this.i++;
  }

  private repetition(): void {
    const m = /^(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
    if (m === null) throw new Error(`illegal repetition at index ${this.i - 1}`);
    this.i += m[0].length;
    this.quantifierSuffix(`{${m[0]}`);
  }

  private quantifierSuffix(quantifier: string): void {
    this.out += quantifier;
    const next = this.src[this.i];
    if (next === '+') throw new Error(`possessive quantifier '${quantifier}+' is not supported`);
    if (next === '?') {
      this.out += '?';
      this.i++;
    }
  }

  private charClass(): void {
    this.i++;
    this.out += '[';
    if (this.src[this.i] === '^') {
      this.out += '^';
      this.i++;
    }
    if (this.src[this.i] === ']') {
      this.out += '\\]'; // a ']' right after '[' or '[^' is a literal in Java
      this.i++;
    }
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) throw new Error('unclosed character class');
      if (c === ']') break;
      if (c === '[') throw new Error('nested character classes (unions) are not supported');
      if (c === '&' && this.src[this.i + 1] === '&') throw new Error('character class intersections (&&) are not supported');
      if (c === '\\') {
        this.escape(true);
        continue;
      }
      this.out += c;
      this.i++;
    }
    this.out += ']';
    this.i++;
  }

  private escape(inClass: boolean): void {
    const c = this.src[this.i + 1];
    if (c === undefined) throw new Error('trailing backslash');
    this.i += 2;
    if (c === 'Q') return this.quoted(inClass);
    const simple = SIMPLE[c];
    if (simple !== undefined) return this.literal(simple, inClass);
    if ('dDwW'.includes(c)) {
      this.out += `\\${c}`;
      return;
    }
    if (c === 'x') return this.literal(this.hex(), inClass);
    if (c === 'u') return this.literal(this.fixedHex(4), inClass);
    if (c === '0') return this.literal(this.octal(), inClass);
    if (c === 'c') return this.literal(this.control(), inClass);
    if (c === 'p' || c === 'P') {
      this.out += translateProperty({ name: this.propertyName(), negated: c === 'P', inClass });
      return;
    }
    const expansion = inClass ? classEscape(c) : outsideEscape(c, this.src[this.i]);
    if (expansion !== undefined) {
      this.out += expansion;
      return;
    }
    if (c >= '1' && c <= '9' && !inClass) {
      this.out += `\\${c}`;
      return;
    }
    if (/[a-zA-Z0-9]/.test(c)) throw new Error(`escape \\${c} is not supported`);
    const cp = this.src.codePointAt(this.i - 1) as number;
    if (cp > 0xffff) this.i++;
    this.literal(cp, inClass);
  }

  private quoted(inClass: boolean): void {
    const end = this.src.indexOf('\\E', this.i);
    const text = end < 0 ? this.src.slice(this.i) : this.src.slice(this.i, end);
    this.i = end < 0 ? this.src.length : end + 2;
    for (const ch of text) this.literal(ch.codePointAt(0) as number, inClass);
  }

  private literal(cp: number, inClass: boolean): void {
    const ch = String.fromCodePoint(cp);
    if (SYNTAX.includes(ch) || (inClass && ch === '-')) this.out += `\\${ch}`;
    else if (cp < 0x20 || cp === 0x7f) this.out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else this.out += ch;
  }

  private hex(): number {
    if (this.src[this.i] !== '{') return this.fixedHex(2);
    const end = this.src.indexOf('}', this.i);
    const digits = end < 0 ? '' : this.src.slice(this.i + 1, end);
    if (!/^[0-9a-fA-F]{1,8}$/.test(digits) || parseInt(digits, 16) > 0x10ffff) throw new Error('invalid \\x{…} escape');
    this.i = end + 1;
    return parseInt(digits, 16);
  }

  private fixedHex(n: number): number {
    const digits = this.src.slice(this.i, this.i + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) throw new Error('invalid hexadecimal escape');
    this.i += n;
    return parseInt(digits, 16);
  }

  // Java \0n, \0nn, \0mnn (m ≤ 3).
  private octal(): number {
    const m = /^(?:[0-3][0-7]{2}|[0-7]{1,2})/.exec(this.src.slice(this.i));
    if (m === null) throw new Error('illegal octal escape \\0');
    this.i += m[0].length;
    return parseInt(m[0], 8);
  }

  private control(): number {
    const ch = this.src[this.i];
    if (ch === undefined) throw new Error('illegal control escape \\c');
    this.i++;
    return ch.charCodeAt(0) ^ 64;
  }

  private propertyName(): string {
    if (this.src[this.i] !== '{') {
      const ch = this.src[this.i];
      if (ch === undefined) throw new Error('illegal property escape');
      this.i++;
      return ch;
    }
    const end = this.src.indexOf('}', this.i);
    if (end < 0) throw new Error('unclosed character property name');
    const name = this.src.slice(this.i + 1, end);
    this.i = end + 1;
    return name;
  }
}

// Escapes with a Java meaning of their own, outside a character class.
function outsideEscape(c: string, next: string | undefined): string | undefined {
  switch (c) {
    case 's': return `[${SPACE}]`;
    case 'S': return `[^${SPACE}]`;
    case 'h': return `[${HSPACE}]`;
    case 'H': return `[^${HSPACE}]`;
    case 'v': return `[${VSPACE}]`;
    case 'V': return `[^${VSPACE}]`;
    case 'R': return `(?:\\r\\n|[${VSPACE}])`;
    case 'b': if (next === '{') throw new Error('\\b{g} is not supported'); return '\\b';
    case 'B': return '\\B';
    case 'A': return '(?<![\\s\\S])';
    case 'z': return '(?![\\s\\S])';
    case 'Z': return '(?=(?:\\r\\n|[\\n\\r\\x85\\u2028\\u2029])?(?![\\s\\S]))';
    case 'k': return '\\k';
    default: return undefined;
  }
}

// Escapes with a Java meaning of their own, inside a character class.
function classEscape(c: string): string | undefined {
  switch (c) {
    case 's': return SPACE;
    case 'S': return '\\S';
    case 'h': return HSPACE;
    case 'v': return VSPACE;
    default: return undefined;
  }
}
