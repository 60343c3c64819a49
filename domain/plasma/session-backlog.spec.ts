import { SessionBacklog } from './session-backlog.js';

describe('SessionBacklog (drop-newest)', () => {
  it.each<[string, number, number, boolean]>([
    ['nothing waiting, small message', 0, 10, true],
    ['nothing waiting, message larger than the bound', 0, 500, true],
    ['fits exactly', 90, 10, true],
    ['would pass the bound', 91, 10, false],
    ['already over the bound', 150, 1, false],
  ])('%s: waiting %d + %d bytes admitted = %p', (_name, waiting, bytes, admitted) => {
    const b = new SessionBacklog(100);
    expect(b.admit(bytes, 3, waiting)).toBe(admitted);
    expect(b.stats()).toEqual(admitted ? { sentMessages: 1, sentPoints: 3, droppedMessages: 0, droppedPoints: 0 } : { sentMessages: 0, sentPoints: 0, droppedMessages: 1, droppedPoints: 3 });
  });

  it('counts drops made without rendering and tells when full', () => {
    const b = new SessionBacklog(100);
    b.drop(2, 7);
    expect(b.stats().droppedPoints).toBe(7);
    expect(b.isFull(100)).toBe(true);
    expect(b.isFull(99)).toBe(false);
    expect(b.isFull(0, 1000)).toBe(false);
  });
});
