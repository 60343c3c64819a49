/**
 * Dependency-injection tokens, one per port. Handlers inject ports through these; only composition roots
 * (`*.module.ts`) bind them to adapters.
 */
export const CONFIG = Symbol('Config');
export const CLOCK = Symbol('Clock');
export const COMMAND_LOG = Symbol('CommandLog');
export const DATA_LOG_SOURCE = Symbol('LogSource<data>');
export const METADATA_LOG_SOURCE = Symbol('LogSource<metadata>');
export const DATAPOINT_STORE = Symbol('DatapointStore');
export const SERIES_REGISTRY = Symbol('SeriesRegistry');
export const CHECKPOINT_STORE = Symbol('CheckpointStore');
export const SERIES_IDENTITY = Symbol('SeriesIdentity');
export const TOKEN_CODEC = Symbol('TokenCodec');
/** The directory read model (find/get), fed by the directory projection. */
export const DIRECTORY = Symbol('DirectoryReader');
/** Which series match selectors, for egress and ingress: the local index (standalone) or the cell's directories. */
export const SERIES_FINDER = Symbol('SeriesFinder');
/** Waits until projections have applied a log position (read your writes). */
export const PROJECTION_PROGRESS = Symbol('ProjectionProgress');
/** Plasma front end: publishes the series its sessions subscribe to (in-process map or ZooKeeper znodes). */
export const SUBSCRIPTION_PUBLISHER = Symbol('SubscriptionPublisher');
/** Plasma back end: which front ends subscribed to a series (in-process map or a ZooKeeper watch). */
export const SUBSCRIPTION_ROUTES = Symbol('SubscriptionRoutes');
/** Plasma back end → front ends delivery of stored chunks (in-process bus or one Kafka topic per front end). */
export const PLASMA_OUTBOX = Symbol('PlasmaOutbox');
/** Plasma front end: the receiving end of its channel (in-process bus or its Kafka topic). */
export const PLASMA_INBOX = Symbol('PlasmaInbox');
/** Optional: tells a plasma back end when any subscription exists at all (standalone: it reads the log only then). */
export const PLASMA_ACTIVITY = Symbol('PlasmaActivity');
