// Compiles the TypeScript sources to ESM under dist/ with swc (fast; type checking is `npm run typecheck`).
import { transformFile } from '@swc/core';
import { mkdir, readdir, writeFile, copyFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const roots = ['domain', 'projections', 'schemas', 'src', 'bench'];
const copied = /\.(avsc|json)$/;

const options = {
  sourceMaps: true,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    experimental: { keepImportAttributes: true, emitAssertForImportAttributes: false },
  },
  module: { type: 'es6' },
};

async function* walk(dir) {
  let entries;
  try { entries = await readdir(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

// Build into a fresh directory and swap it in, so that processes started from dist/ meanwhile never see
// a half-written tree (tests and benchmarks run the build concurrently).
const target = join(root, 'dist');
const staging = join(root, `.dist-${process.pid}`);
await rm(staging, { recursive: true, force: true });
let count = 0;
for (const top of roots) {
  for await (const file of walk(join(root, top))) {
    const rel = relative(root, file);
    const out = join(staging, rel);
    if (file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts')) {
      const { code, map } = await transformFile(file, { ...options, filename: file });
      const js = out.replace(/\.ts$/, '.js');
      await mkdir(dirname(js), { recursive: true });
      await writeFile(js, `${code}\n//# sourceMappingURL=${js.split('/').pop()}.map\n`);
      if (map) await writeFile(`${js}.map`, map);
      count++;
    } else if (copied.test(file)) {
      await mkdir(dirname(out), { recursive: true });
      await copyFile(file, out);
    }
  }
}
const old = join(root, `.dist-old-${process.pid}`);
await rename(target, old).catch(() => undefined);
await rename(staging, target);
await rm(old, { recursive: true, force: true });
console.log(`build: ${count} files compiled to dist/`);
