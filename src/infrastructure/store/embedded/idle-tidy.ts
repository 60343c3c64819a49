/** How long the store must see neither an apply nor a fetch before it tidies in the background. */
export const IDLE_TIDY_MS = 1_000;

/**
 * Runs background work in small steps while its owner is idle: once `touch` has not been called for `idleMs`,
 * it runs `step` again and again until a step says nothing is left, a `touch` comes, or `stop`. It never runs two
 * steps at once, and a touch during a step ends the round after that step (the owner's work then waits at most one
 * step), so steps must be short (the store's take ~10–30 ms). Its timer is unref'd: it never keeps a process alive.
 *
 * The store uses it to merge the small blocks it tracks (EmbeddedDatapointStore.tidyStep): applies and fetches
 * touch it, so the tidy-up runs only in pauses of both, never competing with them for the main thread.
 */
export class IdleTidy {
  private timer: NodeJS.Timeout | undefined;
  private touches = 0;
  private running: Promise<void> | undefined;
  private stopped = false;

  /**
   * @param step one bounded piece of work; resolves false when nothing is left (until the next touch).
   * @param onError told of a failed step (the round ends; the next idle period tries again).
   */
  constructor(
    private readonly step: () => Promise<boolean>,
    private readonly onError: (err: unknown) => void,
    private readonly idleMs = IDLE_TIDY_MS,
  ) {}

  /** The owner is busy: the round in progress ends after its step, and the next starts `idleMs` from now. */
  touch(): void {
    if (this.stopped) return;
    this.touches++;
    if (this.timer !== undefined) this.timer.refresh();
    else {
      this.timer = setTimeout(() => this.startRound(), this.idleMs);
      this.timer.unref();
    }
  }

  /** No round starts any more; resolves once the step in flight, if any, is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private startRound(): void {
    if (this.stopped || this.running !== undefined) return;
    this.running = this.round().finally(() => {
      this.running = undefined;
    });
  }

  private async round(): Promise<void> {
    const seen = this.touches;
    try {
      while (!this.stopped && this.touches === seen && (await this.step()));
    } catch (err) {
      this.onError(err);
    }
  }
}
