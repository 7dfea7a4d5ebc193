import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWTH_FLAG, largeSiteFlags } from '../../src/process/heap-settings.js';
import { CONTENT_IN_MEMORY } from '../../src/publish/content-in-memory.js';

// V8 ignores a flag it does not know when it is set at run time (`v8.setFlagsFromString`), so a typo
// would silently cost the memory the README reports; on Node's command line the same flag is an error.
function nodeAccepts(flags: string[]): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [...flags, '-e', '0'], { encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

describe('heap settings of a build', () => {
  it('the heap growth flag is one Node accepts', () => {
    expect(nodeAccepts([HEAP_GROWTH_FLAG])).toEqual({ status: 0, stderr: '' });
  });

  it('a misspelt flag would be refused the same way (the check can fail)', () => {
    expect(nodeAccepts(['--heap-growing-percentage=15']).status).not.toBe(0);
  });

  it('sets nothing more up to the large-site size, then flags that Node accepts', () => {
    expect(largeSiteFlags(0)).toEqual([]);
    expect(largeSiteFlags(CONTENT_IN_MEMORY)).toEqual([]);
    const flags = largeSiteFlags(CONTENT_IN_MEMORY + 1);
    expect(flags.length).toBeGreaterThan(0);
    expect(nodeAccepts(flags)).toEqual({ status: 0, stderr: '' });
  });
});
