// Test fixture of embedded-store.spec.ts: a process that writes to the embedded store and is then
// killed (SIGKILL) without closing it. Loads the TypeScript sources through @swc/core, as Jest does.
// Usage: node embedded-store.crash-child.cjs <dir> <applies>; prints "committed <n>" after each apply.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const swc = require('@swc/core');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request.startsWith('.') && request.endsWith('.js') && parent) {
    const ts = path.resolve(path.dirname(parent.filename), request.replace(/\.js$/, '.ts'));
    if (fs.existsSync(ts)) return ts;
  }
  return resolve.call(this, request, parent, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const { openEmbeddedStore } = require('./embedded-store.ts');
const { seriesIdOf } = require('../../../../domain/series/series.ts');

async function main() {
  const [dir, count] = process.argv.slice(2);
  const store = await openEmbeddedStore(dir);
  const series = seriesIdOf(1n, 2n);
  for (let i = 0; i < Number(count); i++) {
    const points = Array.from({ length: 100 }, (_, k) => ({ ts: BigInt(i * 100 + k), value: { type: 'LONG', value: BigInt(i) } }));
    await store.datapoints.apply([{ type: 'put', series, version: i, points }], { projection: 'store', checkpoint: new Map([[0, i + 1]]) });
    process.stdout.write(`committed ${i + 1}\n`);
  }
  process.kill(process.pid, 'SIGKILL');
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(2);
});
