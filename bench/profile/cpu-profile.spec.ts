import { selfTimes, type CpuProfile } from './cpu-profile.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });

// (root) → main → handle(store.projection) → encode ; (root) → (idle) ; main → parse
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5] },
    { id: 2, callFrame: frame('main', 'file:///app/main.js', 9), children: [3, 6] },
    { id: 3, callFrame: frame('handle', 'file:///app/projections/store/store.projection.js', 19), children: [4] },
    { id: 4, callFrame: frame('encode', 'file:///app/codec.js', 4) },
    { id: 5, callFrame: frame('(idle)') },
    { id: 6, callFrame: frame('', 'file:///app/parse.js', 0) },
  ],
  // Each sample weighs the delta to the next one (µs).
  samples: [4, 4, 3, 6, 5, 2, 4],
  timeDeltas: [0, 1000, 2000, 500, 4000, 8000, 1500],
};

describe('selfTimes', () => {
  it('folds samples into self time per function, idle apart, by decreasing time', () => {
    const s = selfTimes(profile);
    expect(s.totalMs).toBe(17);
    expect(s.busyMs).toBe(9);
    expect(s.functions.map((f) => [f.name, f.location, f.selfMs])).toEqual([
      ['(anonymous)', '/app/parse.js:1', 4],
      ['encode', '/app/codec.js:5', 3],
      ['main', '/app/main.js:10', 1.5],
      ['handle', '/app/projections/store/store.projection.js:20', 0.5],
    ]);
    expect(s.functions[0].share).toBeCloseTo((100 * 4) / 9);
  });

  it('counts only the samples under frames matching `under`', () => {
    const s = selfTimes(profile, { under: /projections\/store\// });
    expect(s.countedMs).toBe(3.5);
    expect(s.functions.map((f) => f.name)).toEqual(['encode', 'handle']);
  });

  it('uses the given locator for locations', () => {
    const s = selfTimes(profile, { locate: (url, line) => `${url.split('/').pop()}#${line}` });
    expect(s.functions.find((f) => f.name === 'encode')?.location).toBe('codec.js#4');
  });
});
