import path from 'node:path';
import { type FolderRelation, folderRelationOnDisk } from './folder-identity.js';
import { parseLocation } from './location.js';
import { realPathOf } from './real-path.js';
import { LocationError } from './store.js';

export type LocationRole = 'input' | 'output' | 'state';

/** A location with what it is for and where it was given, so that a refusal can say which is which. */
export interface NamedLocation {
  role: LocationRole;
  location: string;
  /** Where the value came from, as the user wrote it: `--out o7`, `FEEDWRIGHT_STATE=o7`, `state: o7 in the config`. */
  from: string;
}

/** `the state (FEEDWRIGHT_STATE=o7)`. */
export function describeLocation(named: NamedLocation): string {
  return `the ${named.role} (${named.from})`;
}

/**
 * Refuses two locations that overlap (callers check input/output, state/output and state/input):
 * published pages (`.html`) would be read back as articles on the next run, a run must never write where
 * its inputs live, and state in the output is published. Local folders are compared by their real paths,
 * so `--out` given as a symbolic link to the input (or to a folder inside it) is refused too, and then by
 * device and inode, which a bind mount does not hide. The message
 * names both roles and where each value came from: `o7 overlaps o7` left the user to guess which was which.
 */
export function assertSeparateLocations(a: NamedLocation, b: NamedLocation): void {
  const x = parseLocation(a.location);
  const y = parseLocation(b.location);
  let relation: Relation | undefined;
  let unit = { one: 'folder', many: 'folders' };
  let realPaths = '';
  if (x.kind === 'local' && y.kind === 'local') {
    const [realX, realY] = [realPathOf(x.dir), realPathOf(y.dir)];
    relation = relationOf(realX, realY);
    // Only worth saying when a link made two different-looking paths meet.
    if (relation !== undefined && relationOf(path.resolve(x.dir), path.resolve(y.dir)) !== relation) {
      realPaths = ` (real paths ${realX} and ${realY})`;
    }
    if (relation === undefined) {
      relation = folderRelationOnDisk(x.dir, y.dir);
      if (relation !== undefined) realPaths = ` (compared by device and inode: ${realX} and ${realY} meet on disk, e.g. through a bind mount)`;
    }
  } else if (x.kind === 's3' && y.kind === 's3' && x.bucket === y.bucket) {
    // Prefixes end in `/` (or are the whole bucket, ''), so a string prefix is a folder prefix.
    relation = x.prefix === y.prefix ? 'same' : y.prefix.startsWith(x.prefix) ? 'holds' : x.prefix.startsWith(y.prefix) ? 'inside' : undefined;
    unit = { one: 'S3 prefix', many: 'S3 prefixes' };
  }
  if (relation === undefined) return;
  const how =
    relation === 'same'
      ? `${describeLocation(a)} and ${describeLocation(b)} are the same ${unit.one}`
      : relation === 'inside'
        ? `${describeLocation(a)} is inside ${describeLocation(b)}`
        : `${describeLocation(b)} is inside ${describeLocation(a)}`;
  const inner = relation === 'holds' ? b : a;
  throw new LocationError(`${how}${realPaths}: ${whyApart(a.role, b.role)}; use separate ${unit.many}`, { path: inner.location });
}

type Relation = FolderRelation;

function relationOf(a: string, b: string): Relation | undefined {
  if (a === b) return 'same';
  if (isBelow(a, b)) return 'inside';
  if (isBelow(b, a)) return 'holds';
  return undefined;
}

// path.relative rather than a string prefix: `/` holds everything, and `/srv/site2` is not in `/srv/site`.
function isBelow(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
}

function whyApart(a: LocationRole, b: LocationRole): string {
  const roles = new Set([a, b]);
  if (roles.has('state') && roles.has('output')) return 'the state is private and would be published with the site';
  if (roles.has('state')) return 'a run must never write where its articles are read';
  return "a run must never write where its articles are read, and the site's pages would be read back as articles";
}
