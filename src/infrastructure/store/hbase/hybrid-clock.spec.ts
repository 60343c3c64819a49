import { HybridClock } from './hybrid-clock.js';

describe('HybridClock', () => {
  it.each<[string, number[], number[]]>([
    ['follows the wall clock when it moves forward', [10, 20, 35], [10, 20, 35]],
    ['goes one past the last value within one millisecond', [10, 10, 10], [10, 11, 12]],
    ['never goes back when the wall clock does', [50, 40, 45, 60], [50, 51, 52, 60]],
  ])('%s', (_name, wall, want) => {
    let i = 0;
    const clock = new HybridClock(() => wall[i++]);
    expect(wall.map(() => clock.next())).toEqual(want);
  });
});
