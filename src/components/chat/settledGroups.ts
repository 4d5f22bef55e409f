/** About how many messages share one group (see settledGroups). */
const GROUP_SIZE = 24;

/** FNV-1a: a cheap, stable hash of a message key. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Splits keys into groups of about GROUP_SIZE. A group starts at a key chosen by its hash,
 * not by its position, so loading an older page or adding a message changes the group at
 * that end only: the others keep their members and are not rendered again.
 */
export function settledGroups(keys: readonly string[]): string[][] {
  const groups: string[][] = [];
  let group: string[] | undefined;
  for (const key of keys) {
    if (!group || hash(key) % GROUP_SIZE === 0) {
      group = [];
      groups.push(group);
    }
    group.push(key);
  }
  return groups;
}
