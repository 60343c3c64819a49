import { decodeBlock, encodeBlock, type Block } from './block-codec.js';
import { mergeBlocks } from './block-merge.js';
import type { KvEngine, KvOp } from './kv-engine.js';
import { blockKeyMaxTs, blockKeyVersion } from './store-keys.js';

/**
 * The ops an apply has planned so far, readable before they are written: later steps of the same
 * apply (a delete's rewrite, then the apply's new block, then a merge) see earlier ones, and the engine
 * (the committed state) for everything else. Each key holds its last planned value (undefined = removed).
 */
export class KvOverlay {
  private readonly planned = new Map<string, KvOp>();

  set(key: Uint8Array, value: Uint8Array | undefined): void {
    this.planned.set(opId(key), { key, value });
  }

  /** Values of `keys`, from the overlay or else one engine read; a key without value is absent from the map. */
  async read(engine: KvEngine, keys: readonly Uint8Array[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    const missing: Uint8Array[] = [];
    for (const key of keys) {
      const op = this.planned.get(opId(key));
      if (op === undefined) missing.push(key);
      else if (op.value !== undefined) out.set(opId(key), op.value);
    }
    if (missing.length > 0) {
      const values = await engine.getMany(missing);
      missing.forEach((key, i) => {
        const v = values[i];
        if (v !== undefined) out.set(opId(key), v);
      });
    }
    return out;
  }

  ops(): KvOp[] {
    return [...this.planned.values()];
  }
}

/** A map key for a byte key (latin1 keeps one char per byte). */
export function opId(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');
}

/** The byte key an opId was made from. */
export function keyOfId(id: string): Uint8Array {
  return Buffer.from(id, 'latin1');
}

/**
 * Plans blocks under their keys, merging each with what the key already holds (overlay, then engine):
 * two blocks of one series with the same newest point (ts and version) share a key, and neither may
 * be lost. Returns the encoded size of each block written, in order.
 */
export async function writeBlocks(engine: KvEngine, overlay: KvOverlay, blocks: readonly { key: Uint8Array; block: Block }[]): Promise<number[]> {
  const sizes: number[] = [];
  if (blocks.length === 0) return sizes;
  const before = await overlay.read(engine, blocks.map((b) => b.key));
  for (const { key, block } of blocks) {
    const id = opId(key);
    const existing = before.get(id);
    const merged = existing ? mergeBlocks(decodeBlock(existing, blockKeyMaxTs(key), blockKeyVersion(key)), block) : block;
    const value = encodeBlock(merged);
    overlay.set(key, value);
    before.set(id, value);
    sizes.push(value.length);
  }
  return sizes;
}
