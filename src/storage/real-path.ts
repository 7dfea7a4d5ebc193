import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Store } from './store.js';

/**
 * The real path of a folder that may not exist yet (an output before its first run): the nearest existing
 * ancestor is resolved (links followed) and the missing rest appended.
 */
export function realPathOf(dir: string): string {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      // The file system root always resolves; this only guards against a loop on an odd platform.
      if (parent === current) return path.join(current, ...missing.reverse());
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * How a state's output claim names the output (see `Store.location`): relative to the state when both are
 * local folders, so a project folder moved or restored elsewhere with its state (or reached through a
 * symbolic link) still names the same output; otherwise the output's location (`s3://bucket/prefix/`).
 */
export function claimedOutputName(output: Store, state: Store): string | undefined {
  if (output.location === undefined) return undefined;
  if (state.location !== undefined && path.isAbsolute(output.location) && path.isAbsolute(state.location)) {
    return path.relative(state.location, output.location).split(path.sep).join('/') || '.';
  }
  return output.location;
}
