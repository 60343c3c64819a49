#!/usr/bin/env node
// The `continuum` command: runs the compiled CLI (npm install and npm start build it into dist/).
import('../dist/src/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('continuum: dist/ is missing; run `npm run build` first');
    process.exit(1);
  }
  throw err;
});
