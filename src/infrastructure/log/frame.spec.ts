import { crc32 } from 'node:zlib';
import {
  FRAME_HEADER_BYTES,
  FrameBatch,
  checkFrame,
  firstRecordAt,
  frameBaseOffset,
  frameGroup,
  frameRecordCount,
  readFrameHeader,
  readRecordSpan,
  recordPosition,
  sealFrame,
  skipRecord,
  type RecordSpan,
} from './frame.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const records = [
  { key: bytes(1, 2, 3), value: bytes(10, 11) },
  { key: new Uint8Array(40).fill(5), value: new Uint8Array(33).fill(6) },
  { key: bytes(), value: bytes() },
  { key: bytes(9), value: new Uint8Array(300).fill(7) },
];

const GROUP = { id: 2 ** 33 + 7, partitions: 3, last: true };

/** A version 1 frame (as logs written before groups hold), made byte by byte from the documented layout. */
function v1Frame(base: number, list: readonly { key: Uint8Array; value: Uint8Array }[], appendedAt: number): Buffer {
  const parts = list.flatMap((r) => {
    const at = Buffer.alloc(8);
    at.writeDoubleBE(appendedAt);
    return [u32(r.key.length), Buffer.from(r.key), u32(r.value.length), Buffer.from(r.value), at];
  });
  const body = Buffer.concat([u32(Math.floor(base / 2 ** 32)), u32(base % 2 ** 32), u32(list.length), ...parts]);
  const header = Buffer.alloc(10);
  header[0] = 0xc5;
  header[1] = 1;
  header.writeUInt32BE(body.length, 2);
  header.writeUInt32BE(crc32(body), 6);
  return Buffer.concat([header, body]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function readAll(frame: Buffer): { key: number[]; value: number[]; appendedAt: number }[] {
  const out: RecordSpan = { keyAt: 0, keyLength: 0, valueAt: 0, valueEnd: 0, appendedAt: 0, next: 0 };
  const seen: { key: number[]; value: number[]; appendedAt: number }[] = [];
  let p = firstRecordAt(frame, 0);
  for (let i = 0; i < frameRecordCount(frame, 0); i++) {
    expect(recordPosition(frame, 0, i)).toBe(p);
    readRecordSpan(frame, p, out);
    expect(skipRecord(frame, p)).toBe(out.next);
    seen.push({ key: [...frame.subarray(out.keyAt, out.keyAt + out.keyLength)], value: [...frame.subarray(out.valueAt, out.valueEnd)], appendedAt: out.appendedAt });
    p = out.next;
  }
  expect(p).toBe(frame.length);
  return seen;
}

function batchOf(list: readonly { key: Uint8Array; value: Uint8Array }[]): FrameBatch {
  const batch = new FrameBatch();
  for (const r of list) batch.add(r.key, r.value);
  return batch;
}

function sealed(base = 2 ** 40 + 5): Buffer {
  const frame = batchOf(records).build(1_700_000_000_123);
  sealFrame(frame, base, GROUP);
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
    expect(frameGroup(frame, 0)).toEqual(GROUP);
    expect(readAll(frame)).toEqual(records.map((r) => ({ key: [...r.key], value: [...r.value], appendedAt: 1_700_000_000_123 })));
  });

  it.each([
    ['the last frame of its group', { id: 1, partitions: 1, last: true }],
    ['a frame before the last of its group', { id: 99, partitions: 5, last: false }],
  ])('keeps the group of %s, under the CRC', (_name, group) => {
    const frame = batchOf(records).build(0);
    sealFrame(frame, 3, group);
    expect(frameGroup(frame, 0)).toEqual(group);
    expect(checkFrame(frame, 0, frame.length)).toBeUndefined();
    frame[FRAME_HEADER_BYTES + 24] ^= 1;
    expect(checkFrame(frame, 0, frame.length)).toBe('CRC mismatch');
  });

  it('reads version 1 frames (logs written before groups) as whole frames of group 0', () => {
    const frame = v1Frame(2 ** 40 + 5, records, 1_700_000_000_123);
    expect(readFrameHeader(frame, 0, frame.length)).toEqual({ kind: 'frame', total: frame.length });
    expect(checkFrame(frame, 0, frame.length)).toBeUndefined();
    expect(frameBaseOffset(frame, 0)).toBe(2 ** 40 + 5);
    expect(frameGroup(frame, 0)).toEqual({ id: 0, partitions: 1, last: true });
    expect(readAll(frame)).toEqual(records.map((r) => ({ key: [...r.key], value: [...r.value], appendedAt: 1_700_000_000_123 })));
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
    sealFrame(frame, 2 ** 40 + 5, GROUP);
    expect(checkFrame(frame, 0, frame.length)).toMatch(/stray bytes/);
    frame.writeUInt32BE(5, FRAME_HEADER_BYTES + 8);
    sealFrame(frame, 2 ** 40 + 5, GROUP);
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
