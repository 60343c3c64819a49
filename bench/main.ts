/**
 * `npm run bench`: Continuum side by side with VictoriaMetrics and InfluxDB 1.x (issue 3). Prints the run's
 * dated report and appends it to BENCHMARKS.md (see its header for the method). Options: `--help`.
 * Exit code 1 when any run failed (the report still shows the others), 2 on a bad option.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseOptions, USAGE, type BenchOptions } from './options.js';
import { renderPlasmaReport } from './report/plasma-report.js';
import { appendReport, renderReport } from './report/report-writer.js';
import { runBench } from './run/bench-run.js';

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  let options: BenchOptions;
  try {
    options = parseOptions(argv, { continuumCli: join(dirname(process.argv[1]), '..', 'src', 'cli', 'main.js') });
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const result = await runBench(options, (line) => console.error(`bench: ${line}`));
  const plasma = result.plasma === undefined ? '' : `\n${renderPlasmaReport(result.plasma)}`;
  const section = `${renderReport(result.env, options, result.workloads, result.measurements)}${plasma}`;
  console.log(section);
  if (options.json !== undefined) writeFileSync(options.json, `${JSON.stringify({ ...result, options }, null, 2)}\n`);
  if (options.write) {
    appendReport(options.out, section);
    console.error(`bench: appended to ${options.out}`);
  }
  if (result.measurements.some((m) => m.error !== undefined) || result.plasma?.error !== undefined) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
