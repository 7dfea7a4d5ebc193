import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStore, type ScanResult } from '../../src/storage/index.js';

const roots: string[] = [];
async function makeRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'feedwright-scan-'));
  roots.push(root);
  return root;
}
afterAll(async () => {
  await Promise.all(roots.map(async (r) => {
    await chmod(r, 0o700).catch(() => undefined);
    execFileSync('chmod', ['-R', 'u+rwX', r]);
    await rm(r, { recursive: true, force: true });
  }));
});

describe('local scan of an input folder with odd entries', () => {
  it('lists the good files and skips each odd one by name with its reason, never throwing', async () => {
    const base = await makeRoot();
    const input = path.join(base, 'input');
    const outside = path.join(base, 'outside');
    await mkdir(path.join(input, 'notes'), { recursive: true });
    await mkdir(path.join(input, 'bad\\folder'));
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.md'), 'outside the input');
    await writeFile(path.join(input, 'real.md'), '# Real');
    await writeFile(path.join(input, 'notes', 'ok.md'), '# Ok');
    await writeFile(path.join(input, 'notes\\draft.pdf'), 'backslash in the name');
    await writeFile(path.join(input, 'a\nb.md'), 'newline in the name');
    await writeFile(path.join(input, 'Icon\r'), 'macOS folder icon');
    await writeFile(path.join(input, 'bad\\folder', 'inside.md'), 'in a folder with a bad name');
    await symlink('real.md', path.join(input, 'inside-link.md'));
    await symlink(path.join(outside, 'secret.md'), path.join(input, 'outside-link.md'));
    await symlink('loop-b.md', path.join(input, 'loop-a.md'));
    await symlink('loop-a.md', path.join(input, 'loop-b.md'));
    await symlink('nowhere.md', path.join(input, 'dangling.md'));
    await symlink('notes', path.join(input, 'folder-link'));
    await symlink('..', path.join(input, 'notes', 'up'));
    execFileSync('mkfifo', [path.join(input, 'pipe.md')]);

    const result = await createLocalStore(input, { mustExist: true }).scan('');

    expect([...result.versions.keys()]).toEqual(['inside-link.md', 'notes/ok.md', 'real.md']);
    // A link inside the root reads as its target: same inode, same version.
    expect(result.versions.get('inside-link.md')).toBe(result.versions.get('real.md'));
    expect(result.skipped).toEqual([
      { key: 'Icon\r', reason: 'name is not a valid key: control character' },
      { key: 'a\nb.md', reason: 'name is not a valid key: control character' },
      { key: 'bad\\folder/', reason: 'name is not a valid key: backslash' },
      { key: 'dangling.md', reason: 'symbolic link to nothing (dangling)' },
      { key: 'folder-link', reason: 'symbolic link to a folder (not followed)' },
      { key: 'loop-a.md', reason: 'symbolic link loop' },
      { key: 'loop-b.md', reason: 'symbolic link loop' },
      { key: 'notes/up', reason: 'symbolic link to a folder (not followed)' },
      { key: 'notes\\draft.pdf', reason: 'name is not a valid key: backslash' },
      { key: 'outside-link.md', reason: `symbolic link leading outside the folder (to ${path.join(outside, 'secret.md')})` },
      { key: 'pipe.md', reason: 'not a regular file (FIFO)' },
    ]);
  });

  it('reports a name that is not UTF-8 (a Latin-1 café.md), and keeps a name that holds a real U+FFFD', async () => {
    const input = await makeRoot();
    await writeFile(path.join(input, 'ok.md'), '# Ok');
    // Raw bytes: Node would read the name back as caf\uFFFD.md, a path that does not exist.
    writeFileSync(Buffer.concat([Buffer.from(`${input}/caf`), Buffer.from([0xe9]), Buffer.from('.md')]), '# Café');
    await writeFile(path.join(input, 'real\uFFFD.md'), '# Replacement character');
    const result = await createLocalStore(input, { mustExist: true }).scan('');
    expect([...result.versions.keys()]).toEqual(['ok.md', 'real\uFFFD.md']);
    expect(result.skipped).toEqual([{ key: 'caf\uFFFD.md', reason: 'name is not a valid key: it is not valid UTF-8 (rename the file)' }]);
  });

  it('does not follow a linked folder named by the prefix either', async () => {
    const base = await makeRoot();
    await mkdir(path.join(base, 'input'));
    await mkdir(path.join(base, 'outside'));
    await writeFile(path.join(base, 'outside', 'secret.md'), 'x');
    await symlink(path.join(base, 'outside'), path.join(base, 'input', 'notes'));
    const store = createLocalStore(path.join(base, 'input'));
    expect(await store.scan('notes/')).toEqual({
      versions: new Map(),
      skipped: [{ key: 'notes', reason: 'symbolic link to a folder (not followed)' }],
    });
    expect(await store.list('notes/deeper/')).toEqual([]);
  });

  it('leaves the same odd entries out of an output listing without throwing (they cannot be ours)', async () => {
    const root = await makeRoot();
    await writeFile(path.join(root, 'feed.xml'), '<rss/>');
    await writeFile(path.join(root, 'notes\\draft.pdf'), 'x');
    await writeFile(path.join(root, 'Icon\r'), 'x');
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    const store = createLocalStore(root);
    expect(await store.list('')).toEqual(['feed.xml']);
    expect([...(await store.listVersions('')).keys()]).toEqual(['feed.xml']);
  });

  it('filters by a partial name the same way for files and folders', async () => {
    const root = await makeRoot();
    await mkdir(path.join(root, 'articles'));
    await writeFile(path.join(root, 'articles', 'a.md'), 'a');
    await writeFile(path.join(root, 'articles\\x.md'), 'odd, but matches the prefix');
    await writeFile(path.join(root, 'art.md'), 'does not match');
    const result = await createLocalStore(root).scan('articles');
    expect([...result.versions.keys()]).toEqual(['articles/a.md']);
    expect(result.skipped.map((s) => s.key)).toEqual(['articles\\x.md']);
  });
});

// Root reads through chmod 000, so the check runs in a child process as `nobody` when we are root (CI).
const runAsNobody = process.getuid?.() === 0;
const NOBODY = 65534;

describe('local scan of unreadable entries (EACCES)', () => {
  it('skips an unreadable file and sub-folder by name; an output listing of the same folder throws', async () => {
    const base = await makeRoot();
    await chmod(base, 0o755);
    const input = path.join(base, 'input');
    await mkdir(path.join(input, 'locked'), { recursive: true });
    await writeFile(path.join(input, 'ok.md'), 'readable');
    await writeFile(path.join(input, 'secret.md'), 'unreadable');
    await writeFile(path.join(input, 'locked', 'inner.md'), 'behind an unreadable folder');
    await chmod(path.join(input, 'secret.md'), 0o000);
    await chmod(path.join(input, 'locked'), 0o000);
    // Others may read it, its owner (the scanning user) may not: the owner's bits are the ones that apply.
    await writeFile(path.join(input, 'owner-denied.md'), 'unreadable to its owner');
    if (runAsNobody) execFileSync('chown', [`${NOBODY}:${NOBODY}`, path.join(input, 'owner-denied.md')]);
    await chmod(path.join(input, 'owner-denied.md'), 0o044);

    const { scan, listError } = runAsNobody ? await scanInChild(base, input) : await scanHere(input);

    expect([...scan.versions.keys()]).toEqual(['ok.md']);
    expect(scan.skipped).toEqual([
      { key: 'locked/', reason: 'folder cannot be read (EACCES)' },
      { key: 'owner-denied.md', reason: 'file cannot be read (EACCES)' },
      { key: 'secret.md', reason: 'file cannot be read (EACCES)' },
    ]);
    expect(listError).toMatch(/^StorageError: .*list failed: .*EACCES/);
  });
});

interface Outcome {
  scan: { versions: Map<string, string>; skipped: ScanResult['skipped'] };
  listError: string;
}

async function scanHere(input: string): Promise<Outcome> {
  const store = createLocalStore(input, { mustExist: true });
  const scan = await store.scan('');
  const listError = await store.listVersions('').then(
    () => 'no error',
    (e: Error) => `${e.name}: ${e.message}`,
  );
  return { scan, listError };
}

async function scanInChild(base: string, input: string): Promise<Outcome> {
  const storageIndex = fileURLToPath(new URL('../../src/storage/index.ts', import.meta.url));
  const script = path.join(base, 'scan-as-nobody.mts');
  await writeFile(
    script,
    `import { createLocalStore } from ${JSON.stringify(storageIndex)};
const store = createLocalStore(process.argv[2], { mustExist: true });
const scan = await store.scan('');
const listError = await store.listVersions('').then(() => 'no error', (e) => e.name + ': ' + e.message);
process.stdout.write(JSON.stringify({ versions: [...scan.versions], skipped: scan.skipped, listError, uid: process.getuid() }));
`,
  );
  await chmod(script, 0o644);
  const child = spawnSync(process.execPath, ['--import', 'tsx', script, input], {
    cwd: process.cwd(),
    uid: NOBODY,
    gid: NOBODY,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) throw new Error(`child failed (${child.status}): ${child.stderr}`);
  const parsed = JSON.parse(child.stdout) as { versions: [string, string][]; skipped: ScanResult['skipped']; listError: string; uid: number };
  expect(parsed.uid).toBe(NOBODY);
  return { scan: { versions: new Map(parsed.versions), skipped: parsed.skipped }, listError: parsed.listError };
}
