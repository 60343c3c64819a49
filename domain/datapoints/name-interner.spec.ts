import { INTERNED_NAMES, NameInterner, VALUES_PER_NAME } from './name-interner.js';

// Which copy of a string is kept cannot be seen from JavaScript (equal strings are equal); what sharing saves is
// measured on heap snapshots (BENCHMARKS.md). These cases check that the text is never changed.
describe('NameInterner', () => {
  it('keeps the text and the order of the labels', () => {
    const labels = new Map([
      ['z', '1'],
      ['a', ''],
      ['é', 'x y'],
    ]);
    expect([...new NameInterner().labels(labels)]).toEqual([...labels]);
  });

  it.each([
    ['values of one name', (strings: NameInterner, i: number) => strings.value('host', `h${i}`), (i: number) => `h${i}`],
    ['names', (strings: NameInterner, i: number) => strings.name(`n${i}`), (i: number) => `n${i}`],
  ])('still gives the right text after more distinct %s than it keeps', (_, intern, text) => {
    const strings = new NameInterner();
    const n = 3 * Math.max(VALUES_PER_NAME, INTERNED_NAMES);
    const wrong: number[] = [];
    for (let round = 0; round < 2; round++) for (let i = 0; i < n; i++) if (intern(strings, i) !== text(i)) wrong.push(i);
    expect(wrong).toEqual([]);
  });
});
