/**
 * Self time per function from a V8 `.cpuprofile` (what `node --cpu-prof` writes): the sampled call tree is
 * folded into one row per function (name + location), each sample weighing the time until the next one.
 * `under` restricts the count to samples whose stack passes through a frame whose URL matches it (e.g. the
 * store projection and the store adapter), to see where that part of the work goes.
 */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  readonly children?: readonly number[];
}

/** One row: a function and the time spent in its own code (not its callees). */
export interface FunctionTime {
  readonly name: string;
  readonly location: string;
  readonly selfMs: number;
  /** Share of the busy time (everything but idle) of the whole profile, in %. */
  readonly share: number;
}

export interface SelfTimeSummary {
  /** Sampled time, idle included, ms. */
  readonly totalMs: number;
  /** Sampled time minus `(idle)`, ms. */
  readonly busyMs: number;
  /** Busy time of the samples counted (all of them, or those under `under`), ms. */
  readonly countedMs: number;
  /** Rows by decreasing self time. */
  readonly functions: readonly FunctionTime[];
}

/** Turns a frame's script URL and 0-based line/column into a readable location (e.g. through a source map). */
export type Locator = (url: string, line: number, column: number) => string;

const plainLocation: Locator = (url, line) => `${url.replace(/^file:\/\//, '')}:${line + 1}`;

/** Folds a profile into self time per function; see the module comment. */
export function selfTimes(profile: CpuProfile, options: { readonly under?: RegExp; readonly locate?: Locator } = {}): SelfTimeSummary {
  const locate = options.locate ?? plainLocation;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const underMemo = new Map<number, boolean>();
  const isUnder = (id: number): boolean => {
    const known = underMemo.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const result = node !== undefined && (options.under!.test(node.callFrame.url) || (up !== undefined && isUnder(up)));
    underMemo.set(id, result);
    return result;
  };
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i];
    totalUs += us;
    if (byId.get(id)?.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    if (options.under !== undefined && !isUnder(id)) continue;
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
  }
  const rows = new Map<string, { name: string; location: string; us: number }>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    const location = frame.url === '' ? '' : locate(frame.url, frame.lineNumber, frame.columnNumber);
    const key = `${name}\u0000${location}`;
    const row = rows.get(key) ?? { name, location, us: 0 };
    row.us += us;
    rows.set(key, row);
  }
  const busyUs = totalUs - idleUs;
  const functions = [...rows.values()]
    .sort((a, b) => b.us - a.us)
    .map((r) => ({ name: r.name, location: r.location, selfMs: r.us / 1000, share: busyUs > 0 ? (100 * r.us) / busyUs : 0 }));
  const countedUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  return { totalMs: totalUs / 1000, busyMs: busyUs / 1000, countedMs: countedUs / 1000, functions };
}
