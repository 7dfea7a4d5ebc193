// The least a run that checks its files can cost here (issue #13's no-change and add-one targets): a bare
// Node process that walks the folders given and stats every file, keeping a size:mtime:inode token per
// file as the local store does, and nothing else (no parsing, no state, no modules of Feedwright).
// Plain JavaScript, run by `node` alone, so the figure includes no loader or compile time of ours.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const tokens = new Map();
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile()) {
      const stats = statSync(path, { bigint: true });
      tokens.set(path, [stats.size, stats.mtimeNs, stats.ino].join(':'));
    }
  }
};
for (const dir of process.argv.slice(2)) walk(dir);
console.log(`${tokens.size} files`);
