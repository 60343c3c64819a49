import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ServiceAnnouncement, ServiceRegistration } from '../../../domain/ports/service-discovery.js';

/** What the announcer needs: a registration, and the instance to announce once its port is known. */
export interface AnnouncerOptions {
  readonly discovery: { register(a: ServiceAnnouncement): Promise<ServiceRegistration> };
  /** The instance for the port the directory bound; undefined when `directory.register` is false. */
  readonly announcement: (streamingPort: number) => ServiceAnnouncement | undefined;
}

/**
 * Registers the directory instance in service discovery once it serves (Warp 10: after its registry is loaded and
 * its services started, reference §6.1), so that no client routes a find to an instance still loading; withdraws
 * it first at shutdown, so that clients stop routing to it before it stops answering.
 */
export class DirectoryAnnouncer implements BeforeApplicationShutdown {
  private readonly logger = new Logger('directory');
  private registration: ServiceRegistration | undefined;

  constructor(private readonly options: AnnouncerOptions) {}

  /** Announces the instance serving finds on `streamingPort`. */
  async announce(streamingPort: number): Promise<void> {
    const announcement = this.options.announcement(streamingPort);
    if (announcement === undefined) {
      this.logger.log('not registered in ZooKeeper (directory.register = false)');
      return;
    }
    this.registration = await this.options.discovery.register(announcement);
    const { id, address, payload } = this.registration.instance;
    this.logger.log(`registered as ${id} (${address}:${streamingPort}, shard ${payload.modulus}:${payload.remainder})`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.registration?.unregister().catch((error: unknown) => this.logger.warn(`cannot unregister: ${(error as Error).message}`));
  }
}
