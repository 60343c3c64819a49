import type { EmbeddedLogPartition, LogLogger, TailGroup } from './embedded-log-partition.js';

/**
 * Recovery of the group commit across partitions, once every partition of the log is open (and has cut
 * its own torn tail). Groups are written one at a time, each acknowledged only once every file of it is
 * synced, so only the newest group can be incomplete after a crash: it is whole iff as many partitions
 * as it wrote to end with its flagged last frame. If not, its frames are cut from every partition that has
 * some (none of its calls was acknowledged), and the cut is reported once through `logger`.
 *
 * A crash during this cut leaves the group still incomplete (fewer holders), so the next open finishes it.
 * Returns the newest group number left in the log (0 for an empty or v1 log), so that the writer numbers on.
 */
export async function cutIncompleteGroup(parts: readonly EmbeddedLogPartition[], logger: LogLogger): Promise<number> {
  let newest = 0;
  for (const p of parts) if (p.tailGroup && p.tailGroup.id > newest) newest = p.tailGroup.id;
  if (newest === 0) return 0;
  const holders = parts.filter((p) => p.tailGroup?.id === newest);
  const tails = holders.map((p) => p.tailGroup as TailGroup);
  const whole = tails.filter((t) => t.whole).length;
  const expected = tails[0].partitions;
  if (whole >= expected) return newest;
  const where: string[] = [];
  for (const p of holders) {
    const tail = p.tailGroup as TailGroup;
    await p.cutTail(tail);
    where.push(`${p.label} back to offset ${tail.offset}`);
  }
  logger.warn(
    `embedded log: cut the unacknowledged group ${newest}, written whole to ${whole} of its ${expected} partitions before a crash: ${where.join(', ')}`,
  );
  return newest;
}
