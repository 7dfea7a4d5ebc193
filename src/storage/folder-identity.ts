import { statSync } from 'node:fs';
import path from 'node:path';
import { realPathOf } from './real-path.js';

/** How folder `a` stands to folder `b`: the same, inside it, or holding it. */
export type FolderRelation = 'same' | 'inside' | 'holds';

/** An existing folder at or above a path, named by device and inode, and the names from it down to the path. */
interface Anchor {
  id: string;
  below: string[];
}

/**
 * How two local folders (either may not exist yet) stand to each other on disk, compared by device and
 * inode along each one's existing ancestors rather than by name. A bind mount shows one folder at two real
 * paths: `mount --bind articles in2b` let `--out in2b` write the site into the article sources, since
 * `realpath` does not see through it. Undefined when they do not meet.
 */
export function folderRelationOnDisk(a: string, b: string): FolderRelation | undefined {
  const anchorsA = anchorsOf(a);
  const anchorsB = anchorsOf(b);
  const within = (inner: Anchor[], outer: Anchor[]): 'same' | 'inside' | undefined => {
    // The outer folder's nearest existing ancestor: the inner path must pass through it, then down the same names.
    const [nearest] = outer;
    if (nearest === undefined) return undefined;
    for (const anchor of inner) {
      if (anchor.id !== nearest.id || !startsWith(anchor.below, nearest.below)) continue;
      return anchor.below.length === nearest.below.length ? 'same' : 'inside';
    }
    return undefined;
  };
  const aInB = within(anchorsA, anchorsB);
  if (aInB !== undefined) return aInB;
  return within(anchorsB, anchorsA) === undefined ? undefined : 'holds';
}

/** Every existing folder from `dir` up to the root, nearest first, with the names below each. */
function anchorsOf(dir: string): Anchor[] {
  const anchors: Anchor[] = [];
  const below: string[] = [];
  // The real path: walking up a link's name would step into the link's parent, not its target's.
  let current = realPathOf(dir);
  for (;;) {
    const id = identityOf(current);
    if (id !== undefined) anchors.push({ id, below: [...below].reverse() });
    const parent = path.dirname(current);
    if (parent === current) return anchors;
    below.push(path.basename(current));
    current = parent;
  }
}

function identityOf(folder: string): string | undefined {
  try {
    const stats = statSync(folder, { bigint: true });
    // A file is no folder to be in; its name is then just a name below the folder that holds it.
    return stats.isDirectory() ? `${stats.dev}:${stats.ino}` : undefined;
  } catch {
    // Missing (or not ours to look at): counted as a name below the nearest folder that can be seen.
    return undefined;
  }
}

function startsWith(names: string[], prefix: string[]): boolean {
  return prefix.length <= names.length && prefix.every((name, i) => names[i] === name);
}
