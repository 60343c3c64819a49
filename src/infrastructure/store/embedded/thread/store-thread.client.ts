import { Worker } from 'node:worker_threads';
import { EmbeddedStoreError } from '../embedded-database.js';
import { fromWireError, type StoreOp, type StoreReply, type StoreRequest, type StoreThreadData, type StoreThreadReady } from './store-thread.protocol.js';

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The main thread's end of a store thread (store-thread.worker.ts): starts it, sends requests, matches replies
 * to them. If the thread dies, every call in flight and every later call fails with a non-retriable
 * EmbeddedStoreError naming why: the store is gone until the process restarts (the runners report it).
 */
export class StoreThreadClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private gone: Error | undefined;
  private readonly exited: Promise<void>;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly dir: string,
  ) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (reply: StoreReply) => this.settle(reply));
    worker.on('error', (error) => this.stop(new EmbeddedStoreError(`the embedded store thread of ${dir} failed: ${error.message}`, { retriable: false, cause: error })));
    worker.on('exit', (code) => this.stop(new EmbeddedStoreError(`the embedded store thread of ${dir} has stopped (exit code ${code})`, { retriable: false })));
  }

  /** Starts the thread from `script` and resolves once its store is open (rejects with the thread's error). */
  static async start(script: string | URL, data: StoreThreadData): Promise<StoreThreadClient> {
    const worker = new Worker(script, { workerData: data });
    let listeners: { message: (ready: StoreThreadReady) => void; error: (error: Error) => void; exit: (code: number) => void } | undefined;
    const ready = await new Promise<StoreThreadReady>((resolve, reject) => {
      listeners = {
        message: resolve,
        error: reject,
        exit: (code) => reject(new EmbeddedStoreError(`the embedded store thread of ${data.dir} stopped while opening (exit code ${code})`, { retriable: false })),
      };
      worker.once('message', listeners.message).once('error', listeners.error).once('exit', listeners.exit);
    })
      .catch(async (error: unknown) => {
        await worker.terminate();
        throw error instanceof EmbeddedStoreError ? error : new EmbeddedStoreError(`cannot start the embedded store thread of ${data.dir}: ${(error as Error).message}`, { retriable: false, cause: error });
      })
      .finally(() => {
        if (listeners) worker.off('message', listeners.message).off('error', listeners.error).off('exit', listeners.exit);
      });
    if (!ready.ready) {
      await worker.terminate();
      throw fromWireError(ready.error);
    }
    return new StoreThreadClient(worker, data.dir);
  }

  /** Runs `op` in the store's thread; `transfer` lists buffers of `args` handed over (unusable here after). */
  call<T>(op: StoreOp, args: readonly unknown[] = [], transfer: readonly ArrayBuffer[] = []): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, op, args } satisfies StoreRequest, [...transfer]);
    });
  }

  /** Closes the store (its thread tidies and closes it), then waits for the thread to end. Idempotent. */
  close(): Promise<void> {
    return (this.closing ??= (this.gone ? Promise.resolve() : this.call('close')).then(() => this.exited));
  }

  private settle(reply: StoreReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(fromWireError(reply.error));
  }

  private stop(error: Error): void {
    this.gone ??= error;
    for (const p of this.pending.values()) p.reject(this.gone);
    this.pending.clear();
  }
}
