import { Logger, type OnApplicationShutdown } from '@nestjs/common';

/**
 * The adapters a distributed process opened (Kafka clients, ZooKeeper session, HBase or embedded store…), closed
 * when the application shuts down, last opened first: after every runner has stopped (they stop in
 * `beforeApplicationShutdown`) and the HTTP servers have closed. A close that fails is logged; the others
 * still run.
 */
export class CellResources implements OnApplicationShutdown {
  private readonly logger = new Logger('cell');
  private readonly closers: { readonly name: string; readonly close: () => Promise<unknown> | unknown }[] = [];

  /** Registers what to close at shutdown and returns `resource`, for use inside provider factories. */
  track<R>(name: string, resource: R, close: (resource: R) => Promise<unknown> | unknown): R {
    this.closers.push({ name, close: () => close(resource) });
    return resource;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const { name, close } of this.closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        this.logger.error(`cannot close ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.logger.log('adapters closed');
  }
}
