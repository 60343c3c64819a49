import {
  FRAME_HEADER_BYTES,
  FrameBatch,
  checkFrame,
  firstRecordAt,
  frameBaseOffset,
  frameRecordCount,
  readFrameHeader,
  readRecord,
  sealFrame,
  skipRecord,
  type FramedRecord,
} from './frame.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const records = [
  { key: bytes(1, 2, 3), value: bytes(10, 11) },
  { key: new Uint8Array(40).fill(5), value: new Uint8Array(33).fill(6) },
  { key: bytes(), value: bytes() },
  { key: bytes(9), value: new Uint8Array(300).fill(7) },
];

function batchOf(list: readonly { key: Uint8Array; value: Uint8Array }[]): FrameBatch {
  const batch = new FrameBatch();
  for (const r of list) batch.add(r.key, r.value);
  return batch;
}

function sealed(base = 2 ** 40 + 5): Buffer {
  const frame = batchOf(records).build(1_700_000_000_123);
  sealFrame(frame, base);
  return frame;
}

describe('log frame', () => {
  it('round-trips base offset, count and every record', () => {
    const frame = sealed();
    expect(frame.length).toBe(batchOf(records).size);
    expect(readFrameHeader(frame, 0, frame.length)).toEqual({ kind: 'frame', total: frame.length });
    expect(checkFrame(frame, 0, frame.length)).toBeUndefined();
    expect(frameBaseOffset(frame, 0)).toBe(2 ** 40 + 5);
    expect(frameRecordCount(frame, 0)).toBe(4);
    const out: FramedRecord = { key: Buffer.alloc(0), value: Buffer.alloc(0), appendedAt: 0, next: 0 };
    let p = firstRecordAt(0);
    const seen: { key: number[]; value: number[]; appendedAt: number }[] = [];
    for (let i = 0; i < 4; i++) {
      readRecord(frame, p, out);
      expect(skipRecord(frame, p)).toBe(out.next);
      seen.push({ key: [...out.key], value: [...out.value], appendedAt: out.appendedAt });
      p = out.next;
    }
    expect(p).toBe(frame.length);
    expect(seen).toEqual(records.map((r) => ({ key: [...r.key], value: [...r.value], appendedAt: 1_700_000_000_123 })));
  });

  it('reads a frame that sits inside a larger buffer', () => {
    const frame = sealed(42);
    const buf = Buffer.concat([Buffer.alloc(7, 0xee), frame, Buffer.alloc(5)]);
    expect(readFrameHeader(buf, 7, buf.length - 7)).toEqual({ kind: 'frame', total: frame.length });
    expect(checkFrame(buf, 7, frame.length)).toBeUndefined();
    expect(frameBaseOffset(buf, 7)).toBe(42);
  });

  it.each([
    ['nothing', 0],
    ['half a header', 5],
    ['a header only', FRAME_HEADER_BYTES],
    ['all but the last byte', -1],
  ])('calls a frame cut after %s short', (_name, keep) => {
    const frame = sealed();
    const available = keep < 0 ? frame.length + keep : keep;
    expect(readFrameHeader(frame, 0, available)).toEqual({ kind: 'short' });
  });

  it.each([
    ['magic', 0, 'bad magic'],
    ['version', 1, 'unknown frame version'],
  ])('calls a frame with a wrong %s bad', (_name, at, reason) => {
    const frame = sealed();
    frame[at] ^= 0x40;
    const header = readFrameHeader(frame, 0, frame.length);
    expect(header.kind).toBe('bad');
    expect(header.kind === 'bad' && header.reason).toContain(reason);
  });

  it('calls an absurd body length bad, not short', () => {
    const frame = sealed();
    frame.writeUInt32BE(0xffffffff, 2);
    expect(readFrameHeader(frame, 0, frame.length).kind).toBe('bad');
    frame.writeUInt32BE(3, 2);
    expect(readFrameHeader(frame, 0, frame.length).kind).toBe('bad');
  });

  it.each([FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + 3, FRAME_HEADER_BYTES + 20, 200])('detects a flipped byte at %p of the body', (at) => {
    const frame = sealed();
    frame[at] ^= 0x01;
    expect(checkFrame(frame, 0, frame.length)).toBe('CRC mismatch');
  });

  it('detects records that do not fill the body, even with a matching CRC', () => {
    const frame = sealed();
    frame.writeUInt32BE(3, FRAME_HEADER_BYTES + 8);
    sealFrame(frame, 2 ** 40 + 5);
    expect(checkFrame(frame, 0, frame.length)).toMatch(/stray bytes/);
    frame.writeUInt32BE(5, FRAME_HEADER_BYTES + 8);
    sealFrame(frame, 2 ** 40 + 5);
    expect(checkFrame(frame, 0, frame.length)).toMatch(/runs past the frame/);
  });

  it('makes the same frame when records are encoded into it (beginRecord / endRecord) as when they are added', () => {
    const batch = new FrameBatch();
    for (const r of records) {
      batch.beginRecord(r.key).raw(r.value);
      batch.endRecord();
    }
    expect(batch.size).toBe(batchOf(records).size);
    expect(batch.count).toBe(records.length);
    expect(batch.build(1_700_000_000_123)).toEqual(batchOf(records).build(1_700_000_000_123));
  });

  it('refuses to frame more than the frame limit', () => {
    const huge = { key: bytes(), value: new Uint8Array(1) };
    Object.defineProperty(huge.value, 'length', { value: 2 ** 30 });
    expect(() => batchOf([huge]).build(0)).toThrow(RangeError);
  });
});
