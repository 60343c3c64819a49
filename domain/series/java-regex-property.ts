/**
 * Translation of Java's `\p{…}` / `\P{…}` character properties (java.util.regex.Pattern) to
 * JavaScript `u`-mode regex text. Part of the Java → JavaScript regex translation used by selectors
 * (java-regex.ts); kept apart because the name tables are long.
 */

/** Java POSIX classes: US-ASCII only (Pattern without UNICODE_CHARACTER_CLASS), as class-body ranges. */
const POSIX: Readonly<Record<string, string>> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`\\{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

/** `java.lang.Character` predicates, mapped to the Unicode property JavaScript knows. */
const JAVA_CHARACTER: Readonly<Record<string, string>> = {
  javaLowerCase: 'Lowercase',
  javaUpperCase: 'Uppercase',
  javaTitleCase: 'Lt',
  javaLetter: 'L',
  javaDigit: 'Nd',
  javaAlphabetic: 'Alphabetic',
  javaIdeographic: 'Ideographic',
  javaMirrored: 'Bidi_Mirrored',
};

/** Java binary properties (`\p{IsAlphabetic}`; names are case-insensitive in Java), keyed in lower case. */
const BINARY: Readonly<Record<string, string>> = {
  alphabetic: 'Alphabetic',
  ideographic: 'Ideographic',
  letter: 'L',
  lowercase: 'Lowercase',
  uppercase: 'Uppercase',
  titlecase: 'Lt',
  punctuation: 'P',
  control: 'Cc',
  white_space: 'White_Space',
  whitespace: 'White_Space',
  digit: 'Nd',
  hex_digit: 'Hex_Digit',
  hexdigit: 'Hex_Digit',
  join_control: 'Join_Control',
  joincontrol: 'Join_Control',
  noncharacter_code_point: 'Noncharacter_Code_Point',
  noncharactercodepoint: 'Noncharacter_Code_Point',
  assigned: 'Assigned',
  emoji: 'Emoji',
};

/** A Java property reference (the text between the braces of `\p{…}`, or the letter of `\pL`). */
export interface PropertyRef {
  readonly name: string;
  readonly negated: boolean;
  readonly inClass: boolean;
}

/**
 * The JavaScript text for a Java property: `\p{…}`/`\P{…}`, or for the ASCII POSIX classes an explicit
 * class (`[a-z]`, `[^a-z]`) or, inside a class, its ranges. Throws an Error with the reason when Java
 * syntax has no JavaScript equivalent (Unicode blocks `\p{InGreek}`, negated POSIX inside a class).
 */
export function translateProperty({ name, negated, inClass }: PropertyRef): string {
  const posix = POSIX[name];
  if (posix !== undefined) {
    if (!inClass) return negated ? `[^${posix}]` : `[${posix}]`;
    if (negated) throw new Error(`negated POSIX class \\P{${name}} inside a character class is not supported`);
    return posix;
  }
  const js = unicodeProperty(name);
  if (js === undefined) throw new Error(`unknown or unsupported character property '${name}'`);
  return `${negated ? '\\P' : '\\p'}{${js}}`;
}

function unicodeProperty(name: string): string | undefined {
  const javaChar = JAVA_CHARACTER[name];
  if (javaChar !== undefined) return javaChar;
  const eq = name.indexOf('=');
  if (eq >= 0) {
    const key = name.slice(0, eq).toLowerCase();
    const value = name.slice(eq + 1);
    if (key === 'sc' || key === 'script') return script(value);
    if (key === 'gc' || key === 'general_category') return category(value);
    return undefined; // blk=/block= and others: JavaScript has no Unicode blocks
  }
  if (name.startsWith('In')) return undefined;
  if (name.startsWith('Is')) {
    const rest = name.slice(2);
    return BINARY[rest.toLowerCase()] ?? category(rest) ?? script(rest);
  }
  return category(name);
}

function category(name: string): string | undefined {
  return accepts(`General_Category=${name}`) ? name : undefined;
}

function script(name: string): string | undefined {
  // Java script names are case-insensitive; JavaScript wants the canonical spelling (Latin, Old_Italic).
  const canonical = name
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join('_');
  for (const candidate of [name, canonical]) {
    if (accepts(`Script=${candidate}`)) return `Script=${candidate}`;
  }
  return undefined;
}

function accepts(property: string): boolean {
  try {
    new RegExp(`\\p{${property}}`, 'u');
    return true;
  } catch {
    return false;
  }
}
