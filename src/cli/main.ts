import 'reflect-metadata';
import { Command, Option } from 'commander';
import { ConfigError } from '../config/config.js';
import { cellStatusCommand } from './cell-status.command.js';
import { hbaseCreateTableCommand } from './hbase.command.js';
import { replayCommand } from './replay.command.js';
import { schemasRegisterCommand } from './schemas.command.js';
import { startCommand } from './start.command.js';
import { tokenCommand } from './token.command.js';
import { topicsCreateCommand } from './topics.command.js';

/** The `continuum` command line: start a standalone cell or components of a distributed cell, mint tokens, replay projections. */
const program = new Command('continuum').description('Continuum: a Warp 10-compatible Geo Time Series platform').showHelpAfterError();

const dataDir = () => new Option('--data-dir <dir>', 'data directory (default ./data, env CONTINUUM_DATA_DIR)');
const configFile = () => new Option('--config <file>', 'configuration file (default <data dir>/continuum.conf)');

program
  .command('start')
  .description('start a standalone cell (every component in one process, embedded log and store), or the components of a distributed cell')
  .addOption(new Option('--components <list>', 'standalone, or a comma list of ingress, egress, directory, store, plasmaFE, plasmaBE (default warp.components, itself standalone)'))
  .addOption(new Option('--port <port>', 'port to listen on (standalone default 8080, env CONTINUUM_PORT; components: every HTTP component of the process)'))
  .addOption(new Option('--host <host>', 'address to listen on (default 127.0.0.1)'))
  .addOption(dataDir())
  .addOption(configFile())
  .action((opts) => startCommand(opts));

program
  .command('token')
  .description('mint a token from the cell keys and print it')
  .requiredOption('--type <type>', 'read or write')
  .option('--app <name>', 'application (.app label)', undefined)
  .option('--owner <uuid>', 'owner UUID (default: a new one)')
  .option('--producer <uuid>', 'producer UUID (default: the owner)')
  .option('--ttl <duration>', 'lifetime: ms, 30d, 12h, P30D… (default 10 years)')
  .addOption(dataDir())
  .addOption(configFile())
  .action((opts) => {
    process.stdout.write(`${tokenCommand(opts)}\n`);
  });

program
  .command('replay')
  .description('rebuild a projection (store or directory) from the beginning of the log; the cell must be stopped')
  .argument('<projection>', 'store or directory')
  .addOption(dataDir())
  .addOption(configFile())
  .action((projection: string, opts) => replayCommand(projection, opts));

program
  .command('schemas')
  .description('Avro schemas of the log topics in the Confluent Schema Registry')
  .command('register')
  .description('register every catalogue version under <topic>-value (compatibility BACKWARD); idempotent')
  .option('--registry <url>', 'registry URL (default: kafka.schema.registry.url)')
  .addOption(dataDir())
  .addOption(configFile())
  .action(async (opts) => {
    for (const line of await schemasRegisterCommand(opts)) process.stdout.write(`${line}\n`);
  });

program
  .command('hbase')
  .description('the HBase store of a distributed cell, through the HBase REST gateway')
  .command('create-table')
  .description("create the store table(s) with families m and v, as Warp 10's continuum.hbase; existing tables are left alone")
  .option('--rest <url>', 'HBase REST gateway URL (default: hbase.rest.url)')
  .option('--table <name>', 'table to create (default: store.hbase.data.table and directory.hbase.metadata.table)')
  .option('--compression <codec>', 'compression of family v: NONE or LZ4 (Warp 10 uses LZ4; needs native codecs)', 'NONE')
  .addOption(dataDir())
  .addOption(configFile())
  .action(async (opts) => {
    for (const line of await hbaseCreateTableCommand(opts)) process.stdout.write(`${line}\n`);
  });

program
  .command('topics')
  .description('the Kafka topics of a distributed cell')
  .command('create')
  .description('create the data and metadata topics (and their dead-letter topics); existing topics are left alone')
  .option('--partitions <n>', 'partitions of data and metadata (the consumers\' parallelism unit)', '4')
  .option('--replication-factor <n>', 'replication factor of every topic', '1')
  .option('--brokers <list>', 'bootstrap brokers, comma-separated (default: kafka.brokerlist)')
  .addOption(dataDir())
  .addOption(configFile())
  .action(async (opts) => {
    for (const line of await topicsCreateCommand(opts)) process.stdout.write(`${line}\n`);
  });

program
  .command('cell')
  .description('the members of a distributed cell, as announced in ZooKeeper')
  .command('status')
  .description('list the live members of the cell (service, id, address:port, shard, registered since), like jubactl -c status')
  .option('--zk <quorum>', 'ZooKeeper ensemble host:port[,host:port] (default: directory.zk.quorum)')
  .option('--cell <name>', 'cell name: services under /zk/warp/<name>/services (default: directory.zk.znode)')
  .option('--json', 'print JSON')
  .option('--timeout <ms>', 'longest wait for ZooKeeper', '5000')
  .addOption(dataDir())
  .addOption(configFile())
  .action(async (opts) => {
    for (const line of await cellStatusCommand(opts)) process.stdout.write(`${line}\n`);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`continuum: ${err.message}`);
    process.exit(2);
  }
  console.error(`continuum: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
