import { CONFIG_SCHEMA, envNameOf, type ConfigKey, type KeySpec } from './config.schema.js';

type Spec<K extends ConfigKey> = (typeof CONFIG_SCHEMA)[K];
type Kind<K extends ConfigKey> = Spec<K>['type']['kind'];
type EnumOf<K extends ConfigKey> = Spec<K>['type'] extends { readonly values: readonly (infer V)[] } ? V : string;
type Base<K extends ConfigKey> = Kind<K> extends 'int' ? number : Kind<K> extends 'bool' ? boolean : Kind<K> extends 'key' ? Uint8Array : Kind<K> extends 'enum' ? EnumOf<K> : string;
/** The typed value of a key: keys without a default may be undefined. */
export type ConfigValue<K extends ConfigKey> = Spec<K> extends { default: string } ? Base<K> : Base<K> | undefined;

/** An invalid configuration: names the key, the value and where it came from. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Where a raw value came from, for error messages. */
export interface RawValue {
  readonly value: string;
  readonly origin: string;
}

/** A validated, frozen configuration. Values are parsed once, at construction. */
export class Config {
  private readonly values = new Map<string, unknown>();

  constructor(raw: ReadonlyMap<string, RawValue>, readonly dataDir: string) {
    for (const [name, spec] of Object.entries(CONFIG_SCHEMA) as [ConfigKey, KeySpec][]) {
      const given = raw.get(name);
      const text = given?.value ?? spec.default;
      if (text === undefined) continue;
      this.values.set(name, parseValue(name, spec, text, given?.origin ?? 'default'));
    }
    Object.freeze(this);
  }

  get<K extends ConfigKey>(key: K): ConfigValue<K> {
    return this.values.get(key) as ConfigValue<K>;
  }

  /** A key that must be set (keys are generated on first start). */
  require<K extends ConfigKey>(key: K): NonNullable<ConfigValue<K>> {
    const v = this.get(key);
    if (v === undefined) throw new ConfigError(`invalid configuration: ${key} is required but not set (env ${envNameOf(key)})`);
    return v as NonNullable<ConfigValue<K>>;
  }
}

function parseValue(name: string, spec: KeySpec, text: string, origin: string): unknown {
  const fail = (why: string) => new ConfigError(`invalid configuration: ${name} = '${text}' (${origin}): ${why}`);
  const t = spec.type;
  switch (t.kind) {
    case 'string':
      return text;
    case 'bool':
      if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
      throw fail('expected true or false');
    case 'int': {
      if (!/^-?\d+$/.test(text)) throw fail('expected an integer');
      const n = Number(text);
      if (!Number.isSafeInteger(n) || n < (t.min ?? -Infinity) || n > (t.max ?? Infinity)) throw fail(`expected an integer in [${t.min}, ${t.max}]`);
      return n;
    }
    case 'enum':
      if (t.values.includes(text)) return text;
      throw fail(`expected one of ${t.values.join(', ')}`);
    case 'key': {
      const bytes = parseKeySpec(text);
      if (bytes === undefined) throw fail('expected hex:<hex digits> or base64:<base64>');
      if (!t.bytes.includes(bytes.length)) throw fail(`expected a key of ${t.bytes.map((b) => b * 8).join(' or ')} bits, got ${bytes.length * 8}`);
      return bytes;
    }
  }
}

/** Warp 10 key syntax (reference §2.5): `hex:…` or `base64:…`. */
export function parseKeySpec(text: string): Uint8Array | undefined {
  if (text.startsWith('hex:')) {
    const hex = text.slice(4);
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
    return Uint8Array.from(Buffer.from(hex, 'hex'));
  }
  if (text.startsWith('base64:')) {
    const b64 = text.slice(7);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return undefined;
    return Uint8Array.from(Buffer.from(b64, 'base64'));
  }
  return undefined;
}
