import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, workspace } from '../crash/cli-run.js';

const hostile = path.resolve(import.meta.dirname, '../fixtures/hostile');
const seeds = path.resolve(import.meta.dirname, '../../seeds');

async function tree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full), await readFile(full, 'latin1'));
  }
  return files;
}

/** The hostile fixtures, the seeds and generated stories: enough sources for several batches. */
async function sources(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const dir of [hostile, seeds]) {
    for (const name of await readdir(dir)) {
      const text = await readFile(path.join(dir, name), 'latin1');
      // An undated article is dated by the run's clock, which differs between the two builds compared.
      if (name !== 'README' && /^date:|"date"\s*:|<time|datePublished/m.test(text)) files[`${path.basename(dir)}/${name}`] = text;
    }
  }
  for (let i = 0; i < 300; i++) {
    files[`gen/story-${i}.md`] = `---\ntitle: "Story ${i}: <b>bold</b> & more"\ndate: 2025-03-${String((i % 28) + 1).padStart(2, '0')}T0${i % 10}:00:00Z\ncategories: [c${i % 4}, "x<y"]\ntags: [t${i % 7}]\n---\n\nThe council met on day ${i}. It voted to go ahead with the plan. Residents said they would appeal.\n`;
  }
  files['bad/front-matter.md'] = '---\ntitle: [unclosed\ndate: 2025-01-01\n---\nBody.\n';
  files['bad/nul.md'] = '---\ntitle: Nul\ndate: 2025-01-01\n---\nA \u0000 byte.\n';
  files['bad/undefined.json'] = '{"title": "x", "date": "2025-01-01", "content": undefined}';
  return files;
}

describe('feedwright build with FEEDWRIGHT_THREADS', () => {
  it('publishes the same bytes and reports the same rejections with the per-source stage on a worker as without', async () => {
    const files = await sources();
    const one = await workspace(files);
    const none = await workspace(files);
    const threaded = await cli(['build', '--input', one.input, '--out', one.out, '--state', one.state, '--config', one.config, '--skip-digests', '--json'], { cwd: one.dir, env: { FEEDWRIGHT_THREADS: '1' } });
    const plain = await cli(['build', '--input', none.input, '--out', none.out, '--state', none.state, '--config', none.config, '--skip-digests', '--json'], { cwd: none.dir, env: { FEEDWRIGHT_THREADS: '0' } });
    expect(threaded.code, threaded.stderr).toBe(plain.code);
    // What the per-source stage decides; the run's time (in a reason, the state shards' names) is not.
    const report = (stdout: string) => {
      const { publish } = JSON.parse(stdout) as { publish: Record<string, unknown> };
      const fields = ['articles', 'rejected', 'warnings', 'drafts', 'held', 'written'].map((f) => publish[f]);
      return JSON.stringify(fields).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'T');
    };
    expect(report(threaded.stdout)).toBe(report(plain.stdout));
    expect((JSON.parse(threaded.stdout) as { publish: { rejected: unknown[] } }).publish.rejected.length).toBeGreaterThanOrEqual(6);
    const [a, b] = [await tree(one.out), await tree(none.out)];
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.size).toBeGreaterThan(300);
    for (const [key, bytes] of a) expect(bytes, key).toBe(b.get(key));
  });

  it('refuses a FEEDWRIGHT_THREADS that is not a whole number from 0 to 16, naming it, and writes nothing', async () => {
    const ws = await workspace({ 'a.md': '---\ntitle: A\n---\n\nText.\n' });
    for (const value of ['two', '-1', '17', '1.5']) {
      const bad = await cli(['build', '--input', ws.input, '--out', `${ws.out}-${value}`, '--state', `${ws.state}-${value}`, '--config', ws.config], { cwd: ws.dir, env: { FEEDWRIGHT_THREADS: value } });
      expect(bad.code, `${value}: ${bad.stderr}`).toBe(2);
      expect(bad.stderr).toMatch(/FEEDWRIGHT_THREADS/);
      await expect(readdir(`${ws.out}-${value}`)).rejects.toThrow();
    }
  });
});
