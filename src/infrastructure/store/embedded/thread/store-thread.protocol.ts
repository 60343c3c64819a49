import { ConflictError, ForbiddenError, InvariantViolation, NotFoundError, TimeoutError, TooLargeError, UnavailableError, ValidationError } from '../../../../../domain/errors.js';
import { ChunkFormatError } from '../../../../../domain/datapoints/chunk-codec.js';
import { BlockFormatError } from '../block-codec.js';
import { EmbeddedStoreError } from '../embedded-database.js';

/**
 * Messages between the main thread and the thread that hosts an embedded store (threaded-embedded-store.ts).
 * A request names an operation of one of the store's ports; the reply carries its value or its error. Values
 * travel by structured clone, except points: writes go as chunk bytes (write-wire.ts) and fetched points as
 * columns (columns-wire.ts), in buffers that are transferred, not copied.
 */
export type StoreOp =
  | 'datapoints.apply'
  | 'datapoints.fetchColumns'
  | 'datapoints.fetchColumnsMany'
  | 'datapoints.truncate'
  | 'registry.apply'
  | 'registry.get'
  | 'registry.page'
  | 'registry.endPage'
  | 'registry.truncate'
  | 'checkpoints.load'
  | 'checkpoints.store'
  | 'checkpoints.reset'
  | 'flush'
  | 'close';

export interface StoreRequest {
  readonly id: number;
  readonly op: StoreOp;
  readonly args: readonly unknown[];
}

export type StoreReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: WireError };

/** What the thread says once, first: the store is open, or why it is not. */
export type StoreThreadReady = { readonly ready: true } | { readonly ready: false; readonly error: WireError };

/** Options the thread opens its store with (the worker's `workerData`). */
export interface StoreThreadData {
  readonly dir: string;
  readonly engine?: 'lmdb' | 'leveldb';
  readonly mergeSmallBlocks?: boolean;
  /** Run the thread's code once on a scratch store before opening this one (store-warm-up.ts). */
  readonly warmUp?: boolean;
}

/** An error as it crosses threads: structured clone would keep neither its class nor `retriable`. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly retriable?: boolean;
  readonly stack?: string;
}

export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const retriable = (error as { retriable?: unknown }).retriable;
  return { name: error.name, message: error.message, retriable: typeof retriable === 'boolean' ? retriable : undefined, stack: error.stack };
}

type Rebuild = (message: string, wire: WireError) => Error;

// The classes callers tell apart (the runner's retry policy reads `retriable` and InvariantViolation/TypeError…;
// handlers map the domain errors to statuses). Anything else comes back as an Error with the same name.
const CLASSES: Readonly<Record<string, Rebuild>> = {
  ValidationError: (m) => new ValidationError(m),
  ForbiddenError: (m) => new ForbiddenError(m),
  NotFoundError: (m) => new NotFoundError(m),
  ConflictError: (m) => new ConflictError(m),
  TooLargeError: (m) => new TooLargeError(m),
  UnavailableError: (m) => new UnavailableError(m),
  TimeoutError: (m) => new TimeoutError(m),
  InvariantViolation: (m) => new InvariantViolation(m),
  EmbeddedStoreError: (m, w) => new EmbeddedStoreError(m, { retriable: w.retriable === true }),
  BlockFormatError: (m) => new BlockFormatError(m),
  ChunkFormatError: (m) => new ChunkFormatError(m),
  TypeError: (m) => new TypeError(m),
  RangeError: (m) => new RangeError(m),
  ReferenceError: (m) => new ReferenceError(m),
  SyntaxError: (m) => new SyntaxError(m),
};

/** The error of `wire` as its class (when known here), with the thread's stack. */
export function fromWireError(wire: WireError): Error {
  const rebuild = CLASSES[wire.name];
  const error = rebuild ? rebuild(wire.message, wire) : Object.assign(new Error(wire.message), { name: wire.name });
  // Some classes prefix their message: keep the original as it was.
  error.message = wire.message;
  if (rebuild === undefined && wire.retriable !== undefined) Object.assign(error, { retriable: wire.retriable });
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}
