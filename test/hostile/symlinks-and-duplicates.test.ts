import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../crash/cli-run.js';
import { localTree, treeDiff } from '../crash/tree.js';

let work: string;
let configFile: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'fw-hostile-links-'));
  configFile = path.join(work, 'feedwright.config.json');
  await writeFile(configFile, JSON.stringify({ site: { baseUrl: 'https://news.example/' }, digests: [] }));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

const article = (title: string, marker: string, id?: string) =>
  `---\ntitle: ${title}\n${id ? `id: "${id}"\n` : ''}categories: [harbour]\n---\n\nMarker ${marker}. A plain body follows here.\n`;

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  for (const [file, body] of Object.entries(files)) await writeFile(path.join(dir, file), body);
  return dir;
}

const build = (input: string, out: string, state: string) => cli(['build', '--input', input, '--out', out, '--state', state, '--config', configFile], { cwd: work });

describe('symlinks around the output', () => {
  // Each refusal below only means something if the same command with plain folders works.
  const control = async (input: string, tag: string) => {
    const run = await build(input, path.join(work, `control-out-${tag}`), path.join(work, `control-state-${tag}`));
    expect(run.code, `control build: ${run.stdout}${run.stderr}`).toBe(0);
  };

  it('an --out that is a symlink to the input is refused (exit 2) and the input is untouched', async () => {
    const input = await folder('in-overlap', { 'a.md': article('Alpha', 'hxa') });
    await control(input, 'overlap');
    const before = await localTree(input);
    const link = path.join(work, 'out-link');
    await symlink(input, link);
    const run = await build(input, link, path.join(work, 'state-overlap'));
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(treeDiff(await localTree(input), before)).toEqual([]);
  });

  it('a --state inside the output (through a symlink) is refused (exit 2) and nothing is written', async () => {
    const input = await folder('in-state', { 'a.md': article('Alpha', 'hxa') });
    await control(input, 'state');
    const out = path.join(work, 'out-state');
    await mkdir(out, { recursive: true });
    await symlink(out, path.join(work, 'state-link'));
    const run = await build(input, out, path.join(work, 'state-link', 'private'));
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect((await localTree(out)).size).toBe(0);
  });

  it('a symlinked folder inside the output is never followed out of it', async () => {
    const input = await folder('in-escape', { 'a.md': article('Alpha', 'hxa'), 'b.md': article('Beta', 'hxb') });
    await control(input, 'escape');
    const elsewhere = await folder('elsewhere', { 'keep.txt': 'not the site\n' });
    const out = path.join(work, 'out-escape');
    await mkdir(out, { recursive: true });
    await symlink(elsewhere, path.join(out, 'categories'));
    await symlink(elsewhere, path.join(out, 'articles'));
    const before = await localTree(elsewhere);
    const run = await build(input, out, path.join(work, 'state-escape'));
    expect(treeDiff(await localTree(elsewhere), before), run.stdout + run.stderr).toEqual([]);
  });
});

describe('duplicate ids', () => {
  it('the same input publishes the same article for a shared id, whatever the history', async () => {
    const id = 'urn:hostile:same';
    const first = article('First claimant', 'hxfirst', id);
    const second = article('Second claimant', 'hxsecond', id);
    const history = await folder('dup-history', { 'zz-second.md': second });
    const out = path.join(work, 'dup-out');
    const state = path.join(work, 'dup-state');
    expect((await build(history, out, state)).code).toBe(0);
    await writeFile(path.join(history, 'aa-first.md'), first);
    const later = await build(history, out, state);
    expect(later.code, later.stderr).toBe(0);

    const clean = await folder('dup-clean', { 'aa-first.md': first, 'zz-second.md': second });
    const cleanOut = path.join(work, 'dup-clean-out');
    const fresh = await build(clean, cleanOut, path.join(work, 'dup-clean-state'));
    expect(fresh.code, fresh.stderr).toBe(0);

    const winner = async (dir: string) => {
      const feed = JSON.parse(await readFile(path.join(dir, 'feed.json'), 'utf8')) as { items: { id: string; title: string }[] };
      return feed.items.filter((i) => i.id === id).map((i) => i.title);
    };
    expect(await winner(cleanOut)).toHaveLength(1);
    expect(await winner(out)).toEqual(await winner(cleanOut));
    // The loser is reported by name, both times.
    expect(`${later.stdout}${later.stderr}`).toMatch(/zz-second\.md|aa-first\.md/);
    expect(`${fresh.stdout}${fresh.stderr}`).toMatch(/zz-second\.md|aa-first\.md/);
  });
});
