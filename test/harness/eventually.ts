/** How long `eventually` keeps trying. */
export interface EventuallyOptions {
  /** Attempts before giving up (default 20, as VictoriaMetrics apptest `Assert`). */
  readonly attempts?: number;
  /** Pause between attempts in ms (default 100). */
  readonly intervalMs?: number;
}

/**
 * Retries an assertion until it passes, for reads that are only eventually consistent (a cell applies a
 * write to its read models after acknowledging it). Runs `assertion` up to `attempts` times, `intervalMs`
 * apart, and resolves with its first successful result; when every attempt fails it rethrows the last
 * error, so the test reports the real mismatch and not a timeout. Prefer the log-position header where the
 * endpoint takes one: it waits exactly as long as needed.
 */
export async function eventually<T>(assertion: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 20;
  const intervalMs = options.intervalMs ?? 100;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await assertion();
    } catch (error) {
      last = error;
    }
    if (i < attempts - 1) await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw last;
}
