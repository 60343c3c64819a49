import { ValidationError } from '../../../domain/errors.js';

/** The components a distributed process can run (Warp 10's WarpDist roles of issues 4 and 5). */
export type Component = 'ingress' | 'egress' | 'directory' | 'store' | 'plasmaFE' | 'plasmaBE';
export const COMPONENTS: readonly Component[] = ['ingress', 'egress', 'directory', 'store', 'plasmaFE', 'plasmaBE'];

/** Roles Warp 10 has that later issues add (`warp.components` accepts their names only once they exist). */
const LATER: readonly string[] = ['webcall', 'runner'];

/**
 * What a process runs: `standalone` (every component in one process, embedded log and store, one port) or a
 * set of components of a distributed cell (Kafka log, ZooKeeper discovery, HBase or embedded read models).
 */
export type ComponentSet = { readonly kind: 'standalone' } | { readonly kind: 'distributed'; readonly components: ReadonlySet<Component> };

/**
 * Reads `warp.components` (or `--components`): `standalone`, or a comma-separated list of `ingress`, `egress`,
 * `directory`, `store`, `plasmaFE`, `plasmaBE` (case as Warp 10 writes them, spaces ignored, each once). Throws ValidationError naming what is wrong.
 */
export function parseComponents(text: string): ComponentSet {
  const names = text.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const fail = (why: string) => new ValidationError(`cannot run components '${text}': ${why}`);
  if (names.length === 0) throw fail(`name standalone or some of ${COMPONENTS.join(', ')}`);
  if (names.includes('standalone')) {
    if (names.length > 1) throw fail('standalone already runs every component; it cannot be combined with others');
    return { kind: 'standalone' };
  }
  const components = new Set<Component>();
  for (const name of names) {
    if (LATER.includes(name)) throw fail(`${name} is not available yet`);
    if (!(COMPONENTS as readonly string[]).includes(name)) throw fail(`unknown component '${name}' (known: standalone, ${COMPONENTS.join(', ')})`);
    if (components.has(name as Component)) throw fail(`${name} is given twice`);
    components.add(name as Component);
  }
  return { kind: 'distributed', components };
}

/** `standalone`, or the components in their canonical order, comma-separated. */
export function componentsText(set: ComponentSet): string {
  return set.kind === 'standalone' ? 'standalone' : COMPONENTS.filter((c) => set.components.has(c)).join(',');
}
