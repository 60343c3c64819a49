/**
 * Summarises a `.cpuprofile` (e.g. from `npm run bench -- --profile DIR`): the top functions by self time,
 * with their TypeScript location when the compiled file has a source map next to it.
 *
 *   node dist/bench/profile-summary.js FILE.cpuprofile [--top 15] [--under REGEX]
 *
 * `--under 'projections/store/|infrastructure/store/'` counts only the samples whose stack passes through
 * those files (the store projection's share of the work).
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { selfTimes, type CpuProfile, type Locator } from './profile/cpu-profile.js';

/** Maps compiled locations back to the TypeScript sources through `<file>.map`, when there is one. */
function sourceMapLocator(): Locator {
  const maps = new Map<string, SourceMap | undefined>();
  return (url, line, column) => {
    if (!url.startsWith('file://')) return `${url}:${line + 1}`;
    const file = fileURLToPath(url);
    if (!maps.has(file)) {
      try {
        maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))));
      } catch {
        maps.set(file, undefined);
      }
    }
    const entry = maps.get(file)?.findEntry(line, column);
    if (entry !== undefined && 'originalSource' in entry && entry.originalSource !== undefined) {
      const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : entry.originalSource;
      return `${relative(process.cwd(), source)}:${entry.originalLine + 1}`;
    }
    return `${relative(process.cwd(), file)}:${line + 1}`;
  };
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' }, under: { type: 'string' } } });
if (positionals.length !== 1) {
  console.error('usage: node dist/bench/profile-summary.js FILE.cpuprofile [--top 15] [--under REGEX]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile;
const summary = selfTimes(profile, { under: values.under === undefined ? undefined : new RegExp(values.under), locate: sourceMapLocator() });
const scope = values.under === undefined ? 'all samples' : `samples under /${values.under}/: ${summary.countedMs.toFixed(0)} ms = ${((100 * summary.countedMs) / summary.busyMs).toFixed(1)}% of busy`;
console.log(`sampled ${summary.totalMs.toFixed(0)} ms, busy ${summary.busyMs.toFixed(0)} ms; ${scope}\n`);
console.log('| # | self ms | % of busy | function | location |\n|---:|---:|---:|---|---|');
summary.functions.slice(0, Number(values.top)).forEach((f, i) => {
  console.log(`| ${i + 1} | ${f.selfMs.toFixed(0)} | ${f.share.toFixed(1)} | \`${f.name}\` | ${f.location} |`);
});
