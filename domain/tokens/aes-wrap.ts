import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * AES key wrap (RFC 3394, default IV A6A6A6A6A6A6A6A6) as Warp 10 uses it to encrypt tokens and,
 * optionally, Kafka payloads and HBase cells (`io.warp10.crypto.CryptoUtils.wrap/unwrap`, which
 * use BouncyCastle's AESWrapEngine). Warp 10 first PKCS7-pads the data to a multiple of 8 bytes,
 * always adding 1..8 bytes, so any length can be wrapped; `wrapPadded`/`unwrapPadded` do both steps.
 * The key is 16, 24 or 32 bytes (AES-128/192/256).
 */
const DEFAULT_IV = new Uint8Array([0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6]);

function cipherName(kek: Uint8Array): string {
  if (kek.length !== 16 && kek.length !== 24 && kek.length !== 32) {
    throw new TypeError(`cannot use AES key: expected 16, 24 or 32 bytes, got ${kek.length}`);
  }
  return `id-aes${kek.length * 8}-wrap`;
}

/**
 * RFC 3394 wrap. `plaintext` MUST be a multiple of 8 bytes and at least 16 bytes (two 64-bit
 * blocks); otherwise a RangeError is thrown. Output is 8 bytes longer than the input.
 */
export function aesKeyWrap(kek: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const name = cipherName(kek);
  if (plaintext.length < 16 || plaintext.length % 8 !== 0) {
    throw new RangeError(`cannot AES-wrap ${plaintext.length} bytes: expected a multiple of 8, at least 16`);
  }
  const cipher = createCipheriv(name, kek, DEFAULT_IV);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  return concat(head, tail);
}

/**
 * RFC 3394 unwrap. Returns null when the integrity check fails (wrong key, altered data) or the
 * input cannot be wrapped data (not a multiple of 8 bytes, shorter than 24): callers treat all of
 * these the same way, as data they cannot trust.
 */
export function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array | null {
  const name = cipherName(kek);
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) return null;
  try {
    const decipher = createDecipheriv(name, kek, DEFAULT_IV);
    const head = decipher.update(wrapped);
    const tail = decipher.final();
    return concat(head, tail);
  } catch {
    return null;
  }
}

/** PKCS7 padding to a multiple of 8: appends n (1..8) bytes of value n. */
export function pkcs7Pad8(data: Uint8Array): Uint8Array {
  const n = 8 - (data.length % 8);
  const out = new Uint8Array(data.length + n);
  out.set(data);
  out.fill(n, data.length);
  return out;
}

/** Removes PKCS7 padding; returns null when the padding is not well-formed. */
export function pkcs7Unpad8(data: Uint8Array): Uint8Array | null {
  if (data.length === 0) return null;
  const n = data[data.length - 1];
  if (n < 1 || n > 8 || n > data.length) return null;
  for (let i = data.length - n; i < data.length; i++) if (data[i] !== n) return null;
  return data.subarray(0, data.length - n);
}

/** Warp 10's `CryptoUtils.wrap`: PKCS7 pad to 8, then RFC 3394 wrap. `data` must be at least 8 bytes. */
export function wrapPadded(kek: Uint8Array, data: Uint8Array): Uint8Array {
  return aesKeyWrap(kek, pkcs7Pad8(data));
}

/** Warp 10's `CryptoUtils.unwrap`: RFC 3394 unwrap, then strip PKCS7 padding; null on any failure. */
export function unwrapPadded(kek: Uint8Array, wrapped: Uint8Array): Uint8Array | null {
  const padded = aesKeyUnwrap(kek, wrapped);
  return padded === null ? null : pkcs7Unpad8(padded);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
