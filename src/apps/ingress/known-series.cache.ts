import { Injectable } from '@nestjs/common';
import type { Checkpoint } from '../../../domain/ports/checkpoint.js';
import { merge } from '../../../domain/ports/checkpoint.js';
import type { SeriesId } from '../../../domain/series/series.js';

/**
 * Ingress's metadata cache (Warp 10 Ingress: `ingress.metadata.cache.size`): series this ingress has
 * registered, so that a SeriesRegistered is appended once per series rather than once per write. Bounded:
 * the oldest entries are forgotten first; forgetting one only costs a duplicate registration, which the
 * directory ignores.
 *
 * Each entry keeps the metadata-topic position its registration was appended at, so that a later write of a
 * known series can answer a position that also covers the registration: a reader waiting on that position
 * then sees the series in the directory, whoever registered it (read your writes across clients).
 */
@Injectable()
export class KnownSeriesCache {
  private readonly registeredAt = new Map<SeriesId, Checkpoint>();
  /** Series whose registration an append in flight carries: the append, settled once durable or failed. */
  private readonly inFlight = new Map<SeriesId, Promise<unknown>>();

  constructor(private readonly capacity = 1_000_000) {}

  has(id: SeriesId): boolean {
    return this.registeredAt.has(id);
  }

  /** Remembers `id` as registered at `metadataPosition` (the position of the append that carried it). */
  add(id: SeriesId, metadataPosition: Checkpoint): void {
    if (this.registeredAt.has(id)) return;
    if (this.registeredAt.size >= this.capacity) {
      const oldest = this.registeredAt.keys().next().value;
      if (oldest !== undefined) this.registeredAt.delete(oldest);
    }
    this.registeredAt.set(id, metadataPosition);
  }

  /** The metadata position covering the registrations of `ids` (those known; others add nothing). */
  registrationsOf(ids: Iterable<SeriesId>): Checkpoint {
    const seen = new Set<Checkpoint>();
    let out: Checkpoint = new Map();
    for (const id of ids) {
      const at = this.registeredAt.get(id);
      if (at === undefined || seen.has(at)) continue;
      seen.add(at);
      out = merge(out, at);
    }
    return out;
  }

  /**
   * After an append that carried writes to `ids` (each once) and, at `metadataPosition`, the registrations
   * of those not known: remembers those as registered there and returns the metadata position covering
   * the registrations of the others (`registrationsOf` then `add` for each, with one lookup per id).
   */
  written(ids: Iterable<SeriesId>, metadataPosition: Checkpoint): Checkpoint {
    const seen = new Set<Checkpoint>();
    let out: Checkpoint = new Map();
    for (const id of ids) {
      const at = this.registeredAt.get(id);
      if (at === undefined) {
        this.add(id, metadataPosition);
      } else if (!seen.has(at)) {
        seen.add(at);
        out = merge(out, at);
      }
    }
    return out;
  }

  /**
   * Settles once the appends in flight that register any of `ids` (`track`) are durable or have failed;
   * undefined when none is. Concurrent requests writing the same new series (several connections of one
   * scraper) then register it once instead of once each: a request waits for the registration in flight,
   * then decides what is still unknown (all of it again if that append failed).
   */
  registrationsInFlight(ids: Iterable<SeriesId>): Promise<void> | undefined {
    // The usual request, once its series are known: nothing in flight, no lookup per series.
    if (this.inFlight.size === 0) return undefined;
    let appends: Set<Promise<unknown>> | undefined;
    for (const id of ids) {
      const append = this.inFlight.get(id);
      if (append !== undefined) (appends ??= new Set()).add(append);
    }
    return appends && Promise.allSettled(appends).then(() => undefined);
  }

  /**
   * Marks the registrations of `ids` as carried by `append` until it settles; returns `append`. The marks are
   * cleared before the caller's own continuation runs, and the caller records the durable ones (`written`)
   * before a waiting request (registrationsInFlight) resumes.
   */
  track<T>(ids: readonly SeriesId[], append: Promise<T>): Promise<T> {
    if (ids.length === 0) return append;
    for (const id of ids) this.inFlight.set(id, append);
    const clear = (): void => {
      for (const id of ids) if (this.inFlight.get(id) === append) this.inFlight.delete(id);
    };
    append.then(clear, clear);
    return append;
  }

  forget(id: SeriesId): void {
    this.registeredAt.delete(id);
  }
}
