import { ByteSink } from './byte-sink.js';

const text = (sink: ByteSink) => Buffer.concat(sink.take()).toString('utf8');

describe('ByteSink', () => {
  it.each([0, 7, 9, 10, 42, 99, 100, 101, 999, 1000, 9999, 10_000, 10_001, 12345, 1_000_000, 9_999_999, 99_999_999, 100_000_000, 100_000_001, 2_147_483_647, 2_147_483_648, 123_456_789_012, 999_999_999_999_999, 1_700_000_000_000_000, 1e15, Number.MAX_SAFE_INTEGER])(
    'prints the integer %p and its negative as String does',
    (n) => {
      const sink = new ByteSink(1);
      sink.int(n);
      sink.byte(32);
      sink.int(-n);
      expect(text(sink)).toBe(`${n} ${n === 0 ? 0 : -n}`);
    },
  );

  it('prints random safe integers as String does', () => {
    const sink = new ByteSink(16);
    const expected: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const n = Math.floor((Math.random() - 0.5) * 2 * 10 ** Math.floor(Math.random() * 16));
      sink.int(n);
      sink.byte(10);
      expected.push(String(n));
    }
    expect(text(sink)).toBe(`${expected.join('\n')}\n`);
  });

  it.each(['', 'plain ascii', 'été 日本語 🎉', `${'x'.repeat(100)}é`])('writes %p as UTF-8', (s) => {
    const sink = new ByteSink(4);
    sink.text(s);
    sink.bytes(Uint8Array.of(33));
    expect(Buffer.concat(sink.take()).equals(Buffer.concat([Buffer.from(s, 'utf8'), Buffer.of(33)]))).toBe(true);
  });

  it('keeps large output as segments, in order, without losing a byte', () => {
    const sink = new ByteSink(16);
    const line = 'a line of output\n';
    for (let i = 0; i < 10_000; i++) sink.text(line);
    expect(sink.size).toBe(10_000 * line.length);
    const segments = sink.take();
    expect(segments.length).toBeGreaterThan(1);
    expect(segments.every((s) => s.length <= 64 * 1024)).toBe(true);
    expect(Buffer.concat(segments).toString('utf8')).toBe(line.repeat(10_000));
    expect(sink.size).toBe(0);
  });

  it('hands over what was written and goes on in a new buffer', () => {
    const sink = new ByteSink(8);
    sink.text('first piece, longer than the buffer');
    const first = sink.take();
    sink.text('second');
    expect(Buffer.concat(first).toString('utf8')).toBe('first piece, longer than the buffer');
    expect(text(sink)).toBe('second');
    expect(sink.pos).toBe(0);
  });

  it('writes the same bytes into buffers from an allocator that hands out dirty pieces of a larger one', () => {
    // Pieces at an offset of their ArrayBuffer, filled with garbage: nothing past what was written leaks out.
    const dirty = (bytes: number): Uint8Array => new Uint8Array(new ArrayBuffer(bytes + 13), 5, bytes).fill(0xee);
    const write = (sink: ByteSink): string => {
      for (let i = 0; i < 3_000; i++) {
        sink.int(1_700_000_000_000_000 + i * 1_000_000);
        sink.text(`// v${i} é\n`);
      }
      return Buffer.concat(sink.take()).toString('utf8');
    };
    expect(write(new ByteSink(8, dirty))).toBe(write(new ByteSink(8)));
  });
});
