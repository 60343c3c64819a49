import { Config } from '../config/config.js';
import { applyHeapGrowth } from './heap-growth.js';

describe('applyHeapGrowth', () => {
  const configWith = (percent?: string): Config => new Config(new Map(percent === undefined ? [] : [['runtime.heap.growthPercent', { value: percent, origin: 'test' }]]), '/tmp/unused');

  it.each([
    ['the default', undefined, '--heap-growing-percent=100'],
    ['a configured percent', '150', '--heap-growing-percent=150'],
  ])('sets V8 heap growth from %s', (_name, percent, flag) => {
    const set: string[] = [];
    expect(applyHeapGrowth(configWith(percent), [], (f) => set.push(f))).toBe(Number(flag.split('=')[1]));
    expect(set).toEqual([flag]);
  });

  it.each([
    ['0 keeps V8 heuristics', '0', []],
    ['an operator flag with a value wins', '100', ['--heap-growing-percent=300']],
    ['an operator flag alone wins', '100', ['--heap-growing-percent']],
  ])('sets nothing when %s', (_name, percent, execArgv) => {
    const set: string[] = [];
    expect(applyHeapGrowth(configWith(percent), execArgv, (f) => set.push(f))).toBeUndefined();
    expect(set).toEqual([]);
  });
});
