import { spawnSync } from 'node:child_process';

/** Whether testcontainers finds a container runtime here, and if not, why. */
export type DockerProbe = { readonly available: true } | { readonly available: false; readonly reason: string };

const CACHE = 'CONTINUUM_TEST_DOCKER_PROBE';

/**
 * Asks testcontainers (its own runtime strategies: DOCKER_HOST, the socket, Podman, …) whether a container
 * engine works, synchronously, so that a suite can choose `describe` or `describe.skip` when Jest collects
 * it. The answer is kept in the environment of this worker (one probe per worker, ~0.5 s).
 */
export function probeDocker(): DockerProbe {
  let cached = process.env[CACHE];
  if (cached === undefined) {
    const script = "require('testcontainers').getContainerRuntimeClient().then(() => process.exit(0), (e) => { process.stderr.write(String(e && e.message)); process.exit(1); })";
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    cached = run.status === 0 ? '' : (run.stderr || run.error?.message || `probe exited with ${run.status}`).trim();
    process.env[CACHE] = cached;
  }
  return cached === '' ? { available: true } : { available: false, reason: cached };
}
