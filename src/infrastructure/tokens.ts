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
