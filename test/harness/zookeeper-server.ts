import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Jars of the Debian `zookeeper` package (reference/infra.md). */
const CLASSPATH = ['/etc/zookeeper/conf', '/usr/share/java/zookeeper.jar', '/usr/share/java/slf4j-log4j12.jar', '/usr/share/java/log4j-1.2.jar'].join(':');

/** A real ZooKeeper server started by a test. */
export interface ZooKeeperServer {
  /** `127.0.0.1:<port>`. */
  readonly connectString: string;
  readonly port: number;
  readonly pid: number;
  /** Its log, for failure messages. */
  log(): string;
  /** Stops the server (by PID) and deletes its data. */
  stop(): Promise<void>;
}

/** Why ZooKeeper cannot run here, or undefined when it can (Java and the Debian package are installed). */
export function zooKeeperUnavailable(): string | undefined {
  if (!existsSync('/usr/share/java/zookeeper.jar')) return 'ZooKeeper is not installed (apt-get install zookeeper; .ci/run does it)';
  return undefined;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; released before ZooKeeper binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Sends a four-letter command (`ruok`, `stat`, …) and returns the answer, or '' when nothing answers. */
export function fourLetterWord(port: number, word: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(word));
    socket.setEncoding('utf8');
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('data', (d: string) => (answer += d));
    socket.on('error', () => resolve(''));
    socket.on('close', () => resolve(answer));
  });
}

/**
 * Starts a standalone ZooKeeper 3.8 on a free port of 127.0.0.1 with its data in a fresh temporary directory,
 * as reference/infra.md prescribes (no admin server, four-letter words allowed), and resolves once `ruok`
 * answers `imok`. `tickTime` bounds session timeouts to [2, 20] ticks. Stop it with `stop()`.
 */
export async function startZooKeeper(options: { tickTimeMs?: number; readyTimeoutMs?: number } = {}): Promise<ZooKeeperServer> {
  const dir = mkdtempSync(join(tmpdir(), 'continuum-zk-'));
  mkdirSync(join(dir, 'data'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'zoo.cfg'),
    [
      `tickTime=${options.tickTimeMs ?? 500}`,
      'initLimit=10',
      'syncLimit=5',
      `dataDir=${join(dir, 'data')}`,
      `clientPort=${port}`,
      'clientPortAddress=127.0.0.1',
      'admin.enableServer=false',
      '4lw.commands.whitelist=ruok,srvr,stat,mntr,conf,cons',
      '',
    ].join('\n'),
  );
  const logFile = join(dir, 'zookeeper.out');
  const child: ChildProcess = spawn(
    'java',
    ['-Xmx256m', '-Dzookeeper.root.logger=INFO,CONSOLE', `-Dzookeeper.log.dir=${dir}`, '-cp', CLASSPATH, 'org.apache.zookeeper.server.quorum.QuorumPeerMain', join(dir, 'zoo.cfg')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const chunks: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (s: string) => chunks.push(s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => chunks.push(s));
  const log = () => chunks.join('') + (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while ((await fourLetterWord(port, 'ruok')) !== 'imok') {
    if (child.exitCode !== null || Date.now() > deadline) {
      const output = log();
      await stop();
      throw new Error(`ZooKeeper did not start on port ${port}:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { connectString: `127.0.0.1:${port}`, port, pid: child.pid!, log, stop };
}

/**
 * Expires a ZooKeeper session from outside, as ZooKeeper's own tests and Curator's KillSession do: a second
 * connection attaches to the session with its id and password, then closes it. This second client speaks the
 * wire protocol itself and sends its ConnectRequest and CloseSession in one write, so that the session's owner —
 * which the server disconnects when the session moves and which reconnects at once — cannot take the session
 * back before it is closed. The owner is told "expired" when it reconnects. Resolves when the server has closed
 * this connection (or after 5 s); callers still check that the owner noticed.
 */
export function closeSessionFromOutside(connectString: string, credentials: { id: Buffer; password: Buffer }): Promise<void> {
  const [host, port] = connectString.split(',')[0].split('/')[0].split(':');
  // ConnectRequest: protocolVersion, lastZxidSeen, timeOut, sessionId, passwd (length-prefixed), readOnly.
  const connectBody = Buffer.alloc(4 + 8 + 4 + 8 + 4 + credentials.password.length + 1);
  let o = connectBody.writeInt32BE(0, 0);
  o = connectBody.writeBigInt64BE(0n, o);
  o = connectBody.writeInt32BE(4000, o);
  credentials.id.copy(connectBody, o);
  o = connectBody.writeInt32BE(credentials.password.length, o + 8);
  credentials.password.copy(connectBody, o);
  // CloseSession: RequestHeader (xid 1, type -11), no body.
  const closeBody = Buffer.alloc(8);
  closeBody.writeInt32BE(1, 0);
  closeBody.writeInt32BE(-11, 4);
  const framed = (b: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeInt32BE(b.length);
    return Buffer.concat([length, b]);
  };
  return new Promise<void>((resolve) => {
    const socket = connect({ host, port: Number(port) }, () => socket.write(Buffer.concat([framed(connectBody), framed(closeBody)])));
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
