import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedLog, type EmbeddedLogOptions } from '../../src/infrastructure/log/embedded-log.js';
import type { LogFactory } from './log.contract.js';
import type { TestableLog } from './log-test-helpers.js';

let root: string | undefined;
let logs = 0;

/** Opens embedded logs in fresh temporary directories; `reopen` closes one and opens its directory again. */
export function embeddedLogFactory(extra: Partial<EmbeddedLogOptions> = {}): LogFactory {
  const options = new WeakMap<TestableLog, EmbeddedLogOptions>();
  const openWith = async (o: EmbeddedLogOptions) => {
    const log = await EmbeddedLog.open(o);
    options.set(log, o);
    return log;
  };
  return {
    open: ({ partitions, codec }) => openWith({ dir: join(tempRoot(), `log-${logs++}`), partitions, codec, logger: { warn: () => undefined }, ...extra }),
    reopen: async (log) => {
      await log.close();
      return openWith(options.get(log)!);
    },
  };
}

/** The temporary directory holding this test file's logs; removed by `removeTempLogs`. */
export function tempRoot(): string {
  root ??= mkdtempSync(join(tmpdir(), 'continuum-embedded-log-'));
  return root;
}

export function removeTempLogs(): void {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
}
