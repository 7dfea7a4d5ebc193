import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(repoRoot, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)));
}

// `import { z } from 'zod'` takes zod's re-exported namespace as a value, which esbuild cannot shake:
// every locale, toJSONSchema and fromJSONSchema end up in each Lambda bundle (454 kB instead of ~100 kB).
describe('imports that keep the Lambda bundles small', () => {
  it('takes zod as a namespace import everywhere a handler can reach', async () => {
    const files = [...(await sourceFiles('src')), ...(await sourceFiles('functions'))];
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(repoRoot, file), 'utf8');
      if (/^import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*'zod'/m.test(text)) offenders.push(file);
    }
    expect(offenders, "use `import * as z from 'zod'` (type-only imports are fine)").toEqual([]);
  });
});
