/**
 * Every configuration key, once: name (Warp 10's spelling where Warp 10 has the key), type, default and a
 * doc line. Keys Continuum adds follow `<component>.<subsystem>.<name>`. Each key can be overridden by the
 * environment variable `CONTINUUM_<KEY>` (upper case, `.` and `-` as `_`), e.g. `CONTINUUM_WARP_TIMEUNITS`.
 */
export type KeyType =
  | { readonly kind: 'string' }
  | { readonly kind: 'int'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'bool' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'key'; readonly bytes: readonly number[] };

export interface KeySpec {
  readonly type: KeyType;
  /** undefined: the key is optional and has no value unless set. */
  readonly default?: string;
  readonly doc: string;
}

const str = { kind: 'string' } as const;
const bool = { kind: 'bool' } as const;
const int = (min = 0, max = Number.MAX_SAFE_INTEGER) => ({ kind: 'int', min, max }) as const;
const key128 = { kind: 'key', bytes: [16] } as const;
const aesKey = { kind: 'key', bytes: [16, 24, 32] } as const;

export const CONFIG_SCHEMA = {
  'warp.timeunits': { type: { kind: 'enum', values: ['ms', 'us', 'ns'] }, default: 'us', doc: 'Platform time units of timestamps.' },
  'warp.components': { type: str, default: 'standalone', doc: 'Components run by this process, comma-separated: ingress, egress, directory, store, plasmaFE, plasmaBE (distributed cell), or standalone (all of them embedded, on one port). The start option --components overrides it.' },
  'standalone.host': { type: str, default: '127.0.0.1', doc: 'Address the standalone cell listens on.' },
  'standalone.port': { type: int(0, 65535), default: '8080', doc: 'Port of the standalone cell (Warp 10 standalone default 8080).' },
  'ingress.host': { type: str, default: '127.0.0.1', doc: 'Address the ingress component (/update, /meta, /delete) listens on in a distributed cell.' },
  'ingress.port': { type: int(0, 65535), default: '8882', doc: 'Port of the ingress component in a distributed cell (Warp 10 default 8882).' },
  'egress.host': { type: str, default: '127.0.0.1', doc: 'Address the egress component (/fetch, /find) listens on in a distributed cell.' },
  'egress.port': { type: int(0, 65535), default: '8881', doc: 'Port of the egress component in a distributed cell (Warp 10 default 8881).' },
  'store.host': { type: str, default: '127.0.0.1', doc: 'Address of the store component\'s health check (store.port).' },
  'store.port': { type: int(0, 65535), doc: 'When set, a process running the store component answers /api/v0/check on this port (health); unset: the store serves no HTTP.' },

  'warp.hash.class': { type: key128, doc: 'SipHash key for class ids (hex:… or base64:…), 128 bits.' },
  'warp.hash.labels': { type: key128, doc: 'SipHash key for labels ids, 128 bits.' },
  'warp.hash.token': { type: key128, doc: 'SipHash key protecting token integrity, 128 bits.' },
  'warp.hash.app': { type: key128, doc: 'SipHash key for application ids (token revocation lists), 128 bits.' },
  'warp.aes.token': { type: aesKey, doc: 'AES key wrapping tokens (128, 192 or 256 bits).' },

  'warp.labels.maxsize': { type: int(1), default: '2048', doc: 'Maximum total size of label names and values.' },
  'warp.attributes.maxsize': { type: int(1), default: '8192', doc: 'Maximum total size of attribute names and values.' },
  'ingress.value.maxsize': { type: int(1), default: '65536', doc: 'Maximum size of a STRING (characters) or binary (bytes) value.' },
  'ingress.parse.attributes': { type: bool, default: 'false', doc: 'Honour an attributes block after the labels in /update.' },
  'ingress.attributes.allowdelta': { type: bool, default: 'false', doc: 'Allow X-Warp10-Attributes: delta (merge attributes).' },
  'ingress.maxpast.default': { type: int(0), doc: 'Reject points older than now minus this many ms (token .maxpast overrides).' },
  'ingress.maxfuture.default': { type: int(0), doc: 'Reject points newer than now plus this many ms (token .maxfuture overrides).' },
  'ingress.maxpast.override': { type: int(0), doc: 'Like ingress.maxpast.default, overriding token attributes.' },
  'ingress.maxfuture.override': { type: int(0), doc: 'Like ingress.maxfuture.default, overriding token attributes.' },
  'ingress.outofrange.ignore': { type: bool, default: 'false', doc: 'Drop out-of-range points silently instead of failing the request.' },
  'ingress.delete.shuffle': { type: bool, default: 'false', doc: 'List deleted series in random order (Warp 10 template: true).' },
  'ingress.backpressure.maxlag': { type: int(0), default: '50', doc: 'Standalone: how far, in ms, the store and directory of the process may fall behind the writes it takes. While the oldest write they have not applied is older, the next /update request or /streamupdate block waits before being parsed, so that what is acknowledged is readable soon after even while clients write as fast as they can (ingest then runs at the projections\' pace). 0: no limit (they may fall behind by seconds).' },
  'ingress.backpressure.maxwait': { type: int(1), default: '2000', doc: 'Longest, in ms, an acknowledged write holds others back waiting for the projections (a stalled projection slows ingest, it does not stop it).' },
  'ingress.http.maxbodysize': { type: int(1), default: String(256 * 1024 * 1024), doc: 'Largest accepted request body in bytes (after gunzip); larger gets 413.' },

  'warp.update.disabled': { type: str, doc: 'When set, /update answers 403 with this text.' },
  'warp.meta.disabled': { type: str, doc: 'When set, /meta answers 403 with this text.' },
  'warp.delete.disabled': { type: str, doc: 'When set, /delete answers 403 with this text.' },
  'warp10.absent.label.support': { type: bool, default: 'true', doc: 'In selectors, `name=` means the label is absent (distributed template: true).' },
  'warp.token.banned.attributes': { type: str, default: '', doc: 'Comma-separated token attributes; a token carrying any of them is refused (403 Invalid token attribute.).' },
  'warp10.expose.owner.producer': { type: bool, default: 'false', doc: 'Show .owner and .producer labels in outputs.' },
  'cors.headers': { type: str, default: '', doc: 'Extra request headers allowed by CORS preflight, comma-separated.' },
  'http.header.token': { type: str, default: 'X-Warp10-Token', doc: 'Header carrying the token.' },
  'http.header.now': { type: str, default: 'X-Warp10-Now', doc: 'Header setting "now" for /update.' },
  'http.header.timeshift': { type: str, default: 'X-Warp10-Timeshift', doc: 'Header shifting every /update timestamp.' },
  'http.header.attributes': { type: str, default: 'X-Warp10-Attributes', doc: 'Header selecting delta attribute updates.' },

  'ingress.kafka.data.topic': { type: str, default: 'data', doc: 'Name of the data topic.' },
  'ingress.kafka.metadata.topic': { type: str, default: 'metadata', doc: 'Name of the metadata topic.' },
  'kafka.brokerlist': { type: str, doc: 'Kafka bootstrap brokers of a distributed cell, host:port comma-separated (the *.kafka.*.brokerlist keys override it per component).' },
  'ingress.kafka.data.brokerlist': { type: str, doc: 'Brokers the ingress data producer bootstraps from (default kafka.brokerlist).' },
  'ingress.kafka.metadata.brokerlist': { type: str, doc: 'Brokers the ingress metadata producer and cache consumer bootstrap from (default kafka.brokerlist).' },
  'store.kafka.data.brokerlist': { type: str, doc: 'Brokers the store consumer bootstraps from (default kafka.brokerlist).' },
  'ingress.kafka.data.maxsize': { type: int(1024), default: '900000', doc: 'Most message bytes ingress sends to Kafka in one produce request (Warp 10 template 900000).' },
  'ingress.kafka.metadata.maxsize': { type: int(1024), default: '900000', doc: 'Same as ingress.kafka.data.maxsize, for the metadata topic.' },
  'kafka.producer.idempotent': { type: bool, default: 'true', doc: 'Idempotent Kafka producers (no duplicates on retries). Turn off for brokers that cannot (librdkafka mock cluster).' },
  'store.kafka.data.topic': { type: str, default: 'data', doc: 'Data topic the store consumes (must equal ingress.kafka.data.topic).' },
  'store.kafka.data.groupid': { type: str, default: 'store.data', doc: 'Consumer group shared by every store instance (partitions are split among them).' },
  'store.kafka.data.commitperiod': { type: int(10), default: '1000', doc: 'How often, in ms, the store commits its applied offsets to Kafka (monitoring and lag only).' },
  'directory.kafka.metadata.topic': { type: str, default: 'metadata', doc: 'Metadata topic the directory consumes (must equal ingress.kafka.metadata.topic).' },
  'directory.kafka.metadata.groupid': { type: str, doc: 'Consumer group of this directory, unique per directory instance (default: directory.metadata-<host>-<random>).' },
  'directory.kafka.metadata.commitperiod': { type: int(10), default: '1000', doc: 'How often, in ms, the directory commits its applied offsets to Kafka.' },
  'ingress.kafka.metadata.groupid': { type: str, doc: 'Consumer group of this ingress metadata cache, unique per ingress (default: ingress.metadata-<host>-<random>).' },
  'ingress.kafka.metadata.commitperiod': { type: int(10), default: '1000', doc: 'How often, in ms, the ingress metadata cache commits its offsets to Kafka.' },
  'ingress.kafka.data.mac': { type: key128, doc: 'SipHash key of the data topic MAC (must equal store.kafka.data.mac); unset: no MAC.' },
  'ingress.kafka.data.aes': { type: aesKey, doc: 'AES key wrapping data topic payloads (must equal store.kafka.data.aes); unset: clear.' },
  'ingress.kafka.metadata.mac': { type: key128, doc: 'SipHash key of the metadata topic MAC (must equal directory.kafka.metadata.mac); unset: no MAC.' },
  'ingress.kafka.metadata.aes': { type: aesKey, doc: 'AES key wrapping metadata topic payloads (must equal directory.kafka.metadata.aes).' },
  'store.kafka.data.mac': { type: key128, doc: 'MAC key the store checks data messages with (= ingress.kafka.data.mac).' },
  'store.kafka.data.aes': { type: aesKey, doc: 'AES key the store unwraps data messages with (= ingress.kafka.data.aes).' },
  'directory.kafka.metadata.mac': { type: key128, doc: 'MAC key the directory checks metadata messages with (= ingress.kafka.metadata.mac).' },
  'directory.kafka.metadata.aes': { type: aesKey, doc: 'AES key the directory unwraps metadata messages with (= ingress.kafka.metadata.aes).' },
  'kafka.consumer.session.timeout': { type: int(1000, 3600000), default: '30000', doc: 'Session timeout of Kafka consumers, ms: how long a crashed member keeps its partitions before the group gives them to the others (heartbeats every tenth of it, at most 3 s).' },
  'kafka.deadletter.suffix': { type: str, default: '.dlq', doc: 'Messages a consumer cannot use (failed MAC/AES, undecodable) go to <topic><suffix>.' },
  'log.data.partitions': { type: int(1, 1024), default: '4', doc: 'Partitions of the data topic in the embedded log (series id → partition).' },
  'log.metadata.partitions': { type: int(1, 1024), default: '1', doc: 'Partitions of the metadata topic in the embedded log.' },
  'log.segment.bytes': { type: int(1024 * 1024), default: String(128 * 1024 * 1024), doc: 'Size at which an embedded log segment file is rolled.' },
  'runtime.heap.growthPercent': { type: int(0, 1000), default: '100', doc: 'How far V8 lets the heap grow between two major garbage collections, in percent of what the last one kept (100: up to twice the live heap). Bounds the resident memory of loads that allocate fast (a catching-up projection, many new series) for a few percent more collection time. 0: V8\'s own heuristics (up to 4× the live heap). node\'s own --heap-growing-percent wins.' },
  'runtime.warmup': { type: bool, default: 'true', doc: 'At start, run the code of the first writes and reads once on scratch data in temporary directories (removed after), so that a fresh cell\'s first clients are not served by cold code (its first ~10,000 points applied took ~275 ms instead of ~5, its first reads 2–4× longer): a standalone cell first runs a scratch cell written to and read from over HTTP, and the embedded store\'s thread runs its apply and fetch on a scratch store before opening the real one. Costs one to two seconds at start.' },
  'store.embedded.thread': { type: bool, default: 'true', doc: 'Run the embedded store (its LevelDB, the store projection\'s writes, the blocks reads) in a thread of its own, so that the store applies the log on the second core while the main thread takes writes and serves requests. false: in the main thread.' },
  'log.tail.cache.bytes': { type: int(0), default: String(4 * 1024 * 1024), doc: 'Memory (estimated, per partition) the embedded log keeps of its newest durable records, so that projections following the appends read them without reading back the file and decoding them again. 0 turns it off (projections then read every record from the files).' },
  'log.fsync': { type: bool, default: 'true', doc: 'fsync the embedded log before acknowledging a write. Turning it off loses acknowledged data on power loss.' },

  'kafka.schema.registry.url': { type: str, doc: 'Confluent Schema Registry URL (distributed cell): subjects <topic>-value, compatibility BACKWARD, registered at start.' },
  'hbase.rest.url': { type: str, doc: 'HBase REST gateway URL (distributed cell, e.g. http://hbase:8080), used by store, directory and egress.' },
  'store.hbase.data.table': { type: str, default: 'continuum', doc: 'HBase table of datapoints and checkpoints (families m and v, see continuum hbase create-table).' },
  'directory.hbase.metadata.table': { type: str, default: 'continuum', doc: 'HBase table of the series registry (M rows, family m).' },

  'directory.zk.quorum': { type: str, default: '127.0.0.1:2181', doc: 'ZooKeeper ensemble (host:port,…[/chroot]) where directories register and egress/ingress discover them.' },
  'directory.zk.znode': { type: str, default: '/zk/warp/localhost/services', doc: 'Znode of the cell\'s services (seed layout /zk/warp/<cell>/services): instances are <znode>/<service>/<uuid>.' },
  'directory.register': { type: bool, default: 'true', doc: 'Register this directory in ZooKeeper so that clients route finds to it.' },
  'directory.partition': { type: str, default: '1:0', doc: 'MODULUS:REMAINDER: this directory keeps the series whose labelsId MSB % MODULUS = REMAINDER.' },
  'directory.host': { type: str, default: '127.0.0.1', doc: 'Address the directory listens on and announces in ZooKeeper.' },
  'directory.port': { type: int(0, 65535), default: '8883', doc: 'Port announced as the directory instance\'s port (Warp 10: Thrift; Continuum answers finds on directory.streaming.port).' },
  'directory.streaming.port': { type: int(0, 65535), default: '8885', doc: 'Port of the directory\'s HTTP streaming finds (/directory-streaming), announced in its payload.' },
  'directory.psk': { type: key128, doc: 'Pre-shared SipHash key signing the requests egress and ingress send to directories (Warp 10 directory.psk); same value on every component; unset: unsigned.' },
  'directory.maxage': { type: int(1), default: '1800000', doc: 'Oldest request signature a directory accepts, in ms (Warp 10 directory.maxage).' },
  'warp.zk.session.timeout': { type: int(1000, 600000), default: '10000', doc: 'ZooKeeper session timeout in ms: how long a crashed member stays listed (the server bounds it to 2-20 ticks).' },
  'warp.zk.connect.timeout': { type: int(100, 600000), default: '15000', doc: 'Longest wait in ms for a ZooKeeper session to open or a ZooKeeper call to be answered.' },

  'egress.position.maxwait': { type: int(0), default: '10000', doc: 'Longest wait, in ms, of a read given a log position (read your writes).' },
  'egress.fetch.pagesize': { type: int(1), default: '100000', doc: 'Most datapoints /fetch reads from the store in one call while streaming a series (bounds memory per request).' },
  'projection.batch.maxrecords': { type: int(1), default: '5000', doc: 'Most log records a projection applies in one write.' },

  'warp.streamupdate.disable': { type: bool, default: 'false', doc: 'Refuse WebSocket ingestion on /api/v0/streamupdate (reference §8.3).' },
  'ingress.websocket.maxmessagesize': { type: int(1024), default: '1048576', doc: 'Largest message, in bytes, of a /api/v0/streamupdate connection; a larger one closes it (code 1009). Warp 10 default 1 MiB.' },
  'warp.plasma.disable': { type: bool, default: 'false', doc: 'Refuse plasma subscriptions on /api/v0/plasma (reference §8.1).' },
  'warp.plasma.maxsubs': { type: int(1), default: '256000', doc: 'Most series one plasma session subscribes to; further matches are ignored.' },
  'plasma.frontend.host': { type: str, default: '127.0.0.1', doc: 'Address the plasmaFE component (/api/v0/plasma) listens on in a distributed cell.' },
  'plasma.frontend.port': { type: int(0, 65535), default: '8884', doc: 'Port of the plasmaFE component in a distributed cell (Warp 10 default 8884).' },
  'plasma.frontend.websocket.maxmessagesize': { type: int(1024), default: '1048576', doc: 'Largest WebSocket message of a plasma session, in bytes: incoming larger ones close the session, pushed data is split at 90% of it.' },
  'plasma.frontend.idle.timout': { type: int(0), default: '300000', doc: 'Idle time, in ms, after which a plasma session is closed (Warp 10 spelling: timout); 0: never.' },
  'plasma.frontend.subscribe.delay': { type: int(0), default: '5000', doc: 'How often, in ms, a plasma front end publishes its changed subscription set to the back ends (distributed cell).' },
  'plasma.frontend.maxznodesize': { type: int(16), default: '100000', doc: 'Most bytes of series ids in one subscription znode (16 bytes each).' },
  'plasma.frontend.znode': { type: str, default: '/zk/warp/localhost/plasma', doc: 'Znode under which plasma front ends publish their subscriptions (= plasma.backend.subscriptions.znode).' },
  'plasma.frontend.zkconnect': { type: str, doc: 'ZooKeeper ensemble of the plasma subscriptions (default directory.zk.quorum).' },
  'plasma.frontend.kafka.topic': { type: str, doc: 'This front end\'s own topic, unique per front end (default plasmafe-<host>-<random>); back ends forward its subscribed chunks there.' },
  'plasma.frontend.kafka.groupid': { type: str, doc: 'Consumer group of this front end on its topic (default: the topic name).' },
  'plasma.frontend.kafka.mac': { type: key128, doc: 'MAC key of the front end topic (= plasma.backend.kafka.out.mac).' },
  'plasma.frontend.kafka.aes': { type: aesKey, doc: 'AES key of the front end topic (= plasma.backend.kafka.out.aes).' },
  'plasma.frontend.session.queue.maxbytes': { type: int(1024), default: '4194304', doc: 'Most bytes of pushed messages waiting for one slow plasma session; beyond it, new messages for that session are dropped and counted.' },
  'plasma.backend.kafka.in.topic': { type: str, default: 'data', doc: 'Data topic the plasma back ends consume (must equal ingress.kafka.data.topic).' },
  'plasma.backend.kafka.in.groupid': { type: str, default: 'plasma.backend.data', doc: 'Consumer group shared by every plasma back end (starts at the latest offset).' },
  'plasma.backend.kafka.in.commitperiod': { type: int(10), default: '1000', doc: 'How often, in ms, a plasma back end commits the offsets it forwarded (also after each forwarded batch and before a rebalance takes partitions away).' },
  'plasma.backend.kafka.in.mac': { type: key128, doc: 'MAC key the plasma back end checks data messages with (= ingress.kafka.data.mac).' },
  'plasma.backend.kafka.in.aes': { type: aesKey, doc: 'AES key the plasma back end unwraps data messages with (= ingress.kafka.data.aes).' },
  'plasma.backend.kafka.out.maxsize': { type: int(1024), default: '900000', doc: 'Most message bytes a plasma back end sends to a front end topic in one produce request.' },
  'plasma.backend.kafka.out.mac': { type: key128, doc: 'MAC key of the messages sent to front end topics (= plasma.frontend.kafka.mac).' },
  'plasma.backend.kafka.out.aes': { type: aesKey, doc: 'AES key of the messages sent to front end topics (= plasma.frontend.kafka.aes).' },
  'plasma.backend.subscriptions.znode': { type: str, default: '/zk/warp/localhost/plasma', doc: 'Znode the plasma back ends watch for front end subscriptions (= plasma.frontend.znode).' },
  'plasma.backend.subscriptions.zkconnect': { type: str, doc: 'ZooKeeper ensemble of the plasma subscriptions (default directory.zk.quorum).' },
  'plasma.backend.host': { type: str, default: '127.0.0.1', doc: 'Address of the plasma back end\'s health check and /metrics (plasma.backend.port).' },
  'plasma.backend.port': { type: int(0, 65535), doc: 'When set, a process running plasmaBE answers /api/v0/check and /metrics on this port (Continuum; Warp 10\'s plasmaBE serves no HTTP).' },
} as const satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_SCHEMA;

/** Environment variable that overrides a key. */
export function envNameOf(key: string): string {
  return `CONTINUUM_${key.toUpperCase().replace(/[.-]/g, '_')}`;
}
