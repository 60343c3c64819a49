import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A peer server shipped as a Debian package. */
export interface PeerPackage {
  readonly debian: string;
  readonly binary: string;
}

export const VICTORIA_PACKAGE: PeerPackage = { debian: 'victoria-metrics', binary: '/usr/bin/victoria-metrics' };
export const INFLUX_PACKAGE: PeerPackage = { debian: 'influxdb', binary: '/usr/bin/influxd' };

/** Why the peer cannot run (its binary is missing), or undefined. */
export function missing(pkg: PeerPackage): string | undefined {
  return existsSync(pkg.binary) ? undefined : `${pkg.binary} not found (Debian package ${pkg.debian} not installed; --install-peers installs it when run as root)`;
}

/** The installed Debian version of the package (e.g. `1.79.5+ds1-2+b5`), or 'unknown'. */
export function packageVersion(pkg: PeerPackage): string {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg.debian], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : 'unknown';
}

/**
 * `apt-get update` then `apt-get install -y` of the peers that are missing, when running as root; returns a
 * note per package that is still missing afterwards (not root, apt failure), for the report.
 */
export function installPeers(pkgs: readonly PeerPackage[]): string[] {
  const wanted = pkgs.filter((p) => missing(p) !== undefined);
  if (wanted.length === 0) return [];
  if (process.getuid?.() !== 0) return wanted.map((p) => `${p.debian}: not installed, and --install-peers needs root`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.error(`bench: apt-get update && apt-get install -y ${wanted.map((p) => p.debian).join(' ')}`);
  const update = spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 2, 2], env });
  if (update.status !== 0) return wanted.map((p) => `${p.debian}: apt-get update failed (exit ${update.status})`);
  const install = spawnSync('apt-get', ['install', '-y', '-q', ...wanted.map((p) => p.debian)], { stdio: ['ignore', 2, 2], env });
  return wanted.filter((p) => missing(p) !== undefined).map((p) => `${p.debian}: apt-get install failed (exit ${install.status})`);
}
