/**
 * The dependency rule of STYLE.md, as code. One rule per row of the table.
 * `npm run lint` fails on any violation.
 */
const notNodeIo = '^(node:)?(crypto|util)$';
// Tests (specs and their fixtures) may import anything: the rule is about production code.
const test = '\\.(spec|fixture)\\.ts$';
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports domain/ only: no npm runtime package, no node: I/O (node:crypto is computation, allowed)',
      severity: 'error',
      from: { path: '^domain/', pathNot: test },
      to: { pathNot: ['^domain/', notNodeIo] },
    },
    {
      name: 'deciders-take-data-not-capabilities',
      comment: 'domain outside ports must not import domain/ports',
      severity: 'error',
      from: { path: '^domain/', pathNot: ['^domain/ports/', test] },
      to: { path: '^domain/ports/' },
    },
    {
      name: 'projections-see-domain-only',
      comment: 'projections/ import domain/ (incl. ports) only: never schemas, src, or npm clients',
      severity: 'error',
      from: { path: '^projections/', pathNot: test },
      to: { pathNot: ['^domain/', '^projections/', notNodeIo] },
    },
    {
      name: 'schemas-import-nothing',
      severity: 'error',
      from: { path: '^schemas/', pathNot: test },
      to: { pathNot: '^schemas/' },
    },
    {
      name: 'infrastructure-below-apps',
      comment: 'src/infrastructure must not import apps, cli or projections',
      severity: 'error',
      from: { path: '^src/infrastructure/', pathNot: test },
      to: { path: ['^src/apps/', '^src/cli/', '^projections/'] },
    },
    {
      name: 'config-stands-alone',
      comment: 'src/config imports neither domain nor infrastructure',
      severity: 'error',
      from: { path: '^src/config/', pathNot: test },
      to: { path: ['^domain/', '^src/infrastructure/', '^src/apps/', '^src/cli/', '^projections/'] },
    },
    {
      name: 'apps-use-ports-not-adapters',
      comment: 'apps and cli reach adapters only from *.module.ts composition roots (and the CLI wiring file)',
      severity: 'error',
      from: { path: '^src/(apps|cli)/', pathNot: ['\\.module\\.ts$', test, '^src/cli/wiring\\.ts$'] },
      to: { path: '^src/infrastructure/(log|store|serialization|coordination)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|^node_modules/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
