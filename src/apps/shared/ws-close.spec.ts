import { PassThrough } from 'node:stream';
import { closeWebSocket, truncateUtf8 } from './ws-close.js';

function written(reason: string, code = 400): Buffer {
  const socket = new PassThrough();
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  closeWebSocket(socket, code, reason);
  return Buffer.concat(chunks);
}

describe('closeWebSocket', () => {
  it('writes an unmasked close frame with code 400 and the reason', () => {
    const frame = written('Invalid verb.');
    expect(frame[0]).toBe(0x88);
    expect(frame[1]).toBe(2 + 13);
    expect(frame.readUInt16BE(2)).toBe(400);
    expect(frame.subarray(4).toString('utf8')).toBe('Invalid verb.');
  });

  it('cuts a long reason to 123 bytes without splitting a character', () => {
    const frame = written('é'.repeat(100));
    expect(frame[1]).toBe(2 + 122);
    expect(frame.subarray(4).toString('utf8')).toBe('é'.repeat(61));
  });

  it('does nothing on a socket already ended', () => {
    const socket = new PassThrough();
    socket.end();
    expect(() => closeWebSocket(socket, 400, 'x')).not.toThrow();
  });

  it.each([
    ['abc', 2, 'ab'],
    ['aé', 2, 'a'],
    ['aé', 3, 'aé'],
  ])('truncateUtf8(%s, %d) keeps %s', (text, max, kept) => {
    expect(truncateUtf8(text, max).toString('utf8')).toBe(kept);
  });
});
