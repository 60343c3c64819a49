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

  it.each<[string, number, boolean]>([
    ['still over half the bound', 51, false],
    ['drained to half the bound', 50, true],
    ['drained completely', 0, true],
  ])('after a drop, %s (waiting %d): a message that fits is admitted = %p', (_name, waiting, admitted) => {
    const b = new SessionBacklog(100);
    expect(b.admit(10, 1, 95)).toBe(false);
    expect(b.isFull(waiting, 10)).toBe(!admitted);
    expect(b.admit(10, 2, waiting)).toBe(admitted);
    expect(b.stats()).toEqual({ sentMessages: admitted ? 1 : 0, sentPoints: admitted ? 2 : 0, droppedMessages: admitted ? 1 : 2, droppedPoints: admitted ? 1 : 3 });
  });

  it('takes messages up to the bound again once it resumed; a refusal without rendering makes it behind too', () => {
    const b = new SessionBacklog(100);
    b.refuse(1);
    expect(b.isFull(60)).toBe(true);
    expect(b.admit(10, 1, 40)).toBe(true);
    expect(b.admit(10, 1, 60)).toBe(true);
    expect(b.admit(10, 1, 91)).toBe(false);
    expect(b.admit(1, 1, 60)).toBe(false);
    expect(b.stats()).toEqual({ sentMessages: 2, sentPoints: 2, droppedMessages: 3, droppedPoints: 3 });
  });
});
