import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rename, writeFile, mkdir, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
// The bundled CLI (built by `npm test` before vitest runs): what `npx feedwright` runs for users.
const cliPath = join(root, 'dist/cli.js');

async function cli(args: string[], cwd = root, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function tempInput(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fw-cli-in-'));
  for (const [name, body] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), body);
  }
  return dir;
}

const good = '---\ntitle: Good one\ndate: 2026-01-01\n---\n\nA fine first sentence. A second one follows.\n';

describe('feedwright CLI', () => {
  it('documents every command and flag in --help', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const word of ['build', 'digest', 'summarize', 'invoke', '--input', '--out', '--config', '--strict', '--at', '--since', '--sentences', '--words', '--jsonl', '--data', '--dry-run']) {
      expect(stdout).toContain(word);
    }
  });

  it('builds, reports a rejected file with its reason, exits 0, and 1 with --strict', async () => {
    const input = await tempInput({ 'good.md': good, 'bad.json': '{ not json' });
    const out = await mkdtemp(join(tmpdir(), 'fw-cli-out-'));
    const first = await cli(['build', '--input', input, '--out', out]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/1 article\(s\) read .* 1 rejected/);
    expect(first.stdout).toMatch(/rejected bad\.json: .*JSON/i);
    expect(existsSync(join(out, 'feed.xml'))).toBe(true);
    const strict = await cli(['build', '--input', input, '--out', out, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/nothing changed: 0 files written/);
    expect(strict.stdout).toMatch(/rejected bad\.json/);
  });

  it('leaves input files untouched', async () => {
    const input = await tempInput({ 'good.md': good });
    const before = (await stat(join(input, 'good.md'))).mtimeMs;
    await cli(['build', '--input', input, '--out', await mkdtemp(join(tmpdir(), 'fw-cli-out-'))]);
    expect((await stat(join(input, 'good.md'))).mtimeMs).toBe(before);
    expect(await readdir(input)).toEqual(['good.md']);
    expect(await readFile(join(input, 'good.md'), 'utf8')).toBe(good);
  });

  it('names the exact config key that is wrong and exits non-zero', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fw-cli-cfg-'));
    await writeFile(join(dir, 'feedwright.config.yaml'), 'site:\n  baseUrl: not-a-url\nfeed:\n  size: 0\nunknownKey: 1\n');
    const { code, stderr } = await cli(['build'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('site.baseUrl');
    expect(stderr).toContain('feed.size');
    expect(stderr).toContain('unknownKey');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to build when the config file is a broken link, instead of republishing with the defaults', async () => {
    const top = await mkdtemp(join(tmpdir(), 'fw-cli-link-'));
    const dir = join(top, 'proj');
    await mkdir(join(dir, 'articles'), { recursive: true });
    await writeFile(join(dir, 'articles', 'good.md'), good);
    await mkdir(join(top, 'shared'));
    await writeFile(join(top, 'shared', 'feedwright.config.yaml'), 'site:\n  baseUrl: https://real.example.org/\n');
    await symlink('../shared/feedwright.config.yaml', join(dir, 'feedwright.config.yaml'));
    expect((await cli(['build', 'articles', '--skip-digests'], dir)).code).toBe(0);
    const feed = await readFile(join(dir, 'public', 'feed.xml'), 'utf8');
    expect(feed).toContain('https://real.example.org/');
    await rename(join(top, 'shared'), join(top, 'shared-moved'));
    const { code, stderr } = await cli(['build', 'articles', '--skip-digests'], dir);
    expect(code).toBe(2);
    expect(stderr).toBe(`feedwright build: ${join(dir, 'feedwright.config.yaml')}: a symbolic link to ../shared/feedwright.config.yaml, which does not exist (code: invalid-config)\n`);
    expect(await readFile(join(dir, 'public', 'feed.xml'), 'utf8')).toBe(feed);
  });

  it('refuses two config files side by side, naming both, in every command that reads one', async () => {
    const dir = await tempInput({ 'feedwright.config.yaml': 'site: { title: A }\n', 'feedwright.config.yml': 'site: { title: B }\n', 'articles/good.md': good });
    for (const args of [['build', 'articles'], ['digest', 'daily', '--input', 'articles']]) {
      const { code, stderr } = await cli(args, dir);
      expect(code, args[0]).toBe(2);
      expect(stderr).toBe(`feedwright ${args[0]}: ${join(dir, 'feedwright.config.yaml')} and ${join(dir, 'feedwright.config.yml')} both exist: keep one config file, or name one with --config (code: invalid-config)\n`);
    }
    expect(existsSync(join(dir, 'public'))).toBe(false);
  });

  it('rejects an unknown flag with a usage message, not a stack trace', async () => {
    const { code, stderr } = await cli(['build', '--outt', 'x']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--outt/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('invokes the real run handler locally, and answers a bad payload with the validation message', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'fw-cli-invoke-'));
    process.env.FEEDWRIGHT_INPUT = join(root, 'seeds');
    try {
      const ok = await cli(['invoke', 'run', '--data', '{"action":"publish","dryRun":true}'], cwd);
      expect(ok.code).toBe(0);
      const result = JSON.parse(ok.stdout.slice(ok.stdout.indexOf('{\n'))) as { ok: boolean; report: { dryRun: boolean; articles: number } };
      expect(result.ok).toBe(true);
      expect(result.report.dryRun).toBe(true);
      expect(result.report.articles).toBeGreaterThan(0);
      expect(existsSync(join(cwd, 'public'))).toBe(false);

      const bad = await cli(['invoke', 'run', '--data', '{"action":"publish","dryrun":true}'], cwd);
      expect(bad.stdout).toMatch(/Unrecognized key: \\"dryrun\\"/);
      const badDigest = await cli(['invoke', 'digest', '--data', '{}'], cwd);
      expect(badDigest.stderr).toMatch(/digest/);
      for (const out of [bad.stderr, badDigest.stderr]) expect(out).not.toMatch(/\n\s+at /);
    } finally {
      delete process.env.FEEDWRIGHT_INPUT;
    }
  });

  // Every function answers a payload mistake alike: the envelope on stdout, one line with the code on
  // stderr, exit 2 (the exit-code table's "payload mistake"); nothing is written.
  it.each([
    ['run', undefined],
    ['run', '{"action":"publish","dryrun":true}'],
    ['run', '{"action":"digest","digest":"hourly"}'],
    ['publish', '{"foo":1}'],
    ['publish', '{"dryrun":true}'],
    ['digest', '{}'],
    ['digest', 'null'],
    ['digest', '{"digest":"daily","time":"bad"}'],
    ['digest', '{"digest":"daily","time":"2026-11-27T07:00:00Z","dryRun":true,"bogus":1}'],
    // Refused by what they ask of the config and the clock, before the lease or any state is touched.
    ['digest', '{"digest":"nope","time":"2026-11-27T07:00:00Z"}'],
    ['digest', '{"digest":"daily","time":"2099-01-01T07:00:00Z"}'],
    ['run', '{"action":"digest","digest":"daily","at":"2099-01-01T07:00:00Z"}'],
  ])('invoke %s --data %s: the ok:false envelope, its code, exit 2', async (name, data) => {
    const cwd = await mkdtemp(join(tmpdir(), 'fw-cli-invoke-bad-'));
    const { code, stdout, stderr } = await cli(['invoke', name, ...(data === undefined ? [] : ['--data', data])], cwd, { FEEDWRIGHT_INPUT: join(root, 'seeds') });
    const answer = JSON.parse(stdout.slice(stdout.indexOf('{\n'))) as Record<string, unknown>;
    const expectedCode = /hourly|nope/.test(data ?? '') ? 'unknown-digest' : data?.includes('2099') ? 'invalid-instant' : 'invalid-payload';
    expect(answer).toEqual({ ok: false, error: 'ValidationError', code: expectedCode, message: expect.any(String) });
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^feedwright invoke: ${name} payload: .+ \\(code: ${expectedCode}\\)$`))]);
    expect(code).toBe(2);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('invoke publish and digest honour "dryRun": true and write nothing', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'fw-cli-invoke-dry-'));
    const env = { FEEDWRIGHT_INPUT: join(root, 'seeds') };
    const publish = await cli(['invoke', 'publish', '--data', '{"dryRun":true}'], cwd, env);
    expect(publish.code, publish.stderr).toBe(0);
    expect(JSON.parse(publish.stdout.slice(publish.stdout.indexOf('{\n')))).toMatchObject({ action: 'publish', dryRun: true });
    const digest = await cli(['invoke', 'digest', '--data', '{"digest":"daily","time":"2026-11-27T07:00:00Z","dryRun":true}'], cwd, env);
    expect(digest.code, digest.stderr).toBe(0);
    expect(JSON.parse(digest.stdout.slice(digest.stdout.indexOf('{\n')))).toMatchObject({ action: 'digest', dryRun: true });
    expect(await readdir(cwd)).toEqual([]);
  });

  it('a first run refused by the foreign-output guard leaves no folder it made, and every folder that was there', async () => {
    const seeds = join(root, 'seeds');
    const foreignSite = async () => {
      const cwd = await mkdtemp(join(tmpdir(), 'fw-cli-foreign-'));
      await mkdir(join(cwd, 'out'));
      await writeFile(join(cwd, 'out', 'index.html'), '<h1>not ours</h1>');
      return cwd;
    };
    const env = { FEEDWRIGHT_INPUT: seeds, FEEDWRIGHT_OUT: 'out' };
    const runs: [string[], Record<string, string>][] = [
      [['build', '--input', seeds, '--out', 'out'], {}],
      [['digest', 'daily', '--input', seeds, '--out', 'out'], {}],
      // A state several folders deep: all of them were made for the run.
      [['build', '--input', seeds, '--out', 'out', '--state', 'st/a/b'], {}],
      [['invoke', 'publish'], env],
      [['invoke', 'run', '--data', '{"action":"publish"}'], env],
      [['invoke', 'digest', '--data', '{"digest":"daily"}'], env],
    ];
    for (const [args, runEnv] of runs) {
      const cwd = await foreignSite();
      const result = await cli(args, cwd, runEnv);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(/nothing was changed.*\(code: foreign-output-refused\)/);
      expect(await readdir(cwd, { recursive: true }), args.join(' ')).toEqual(['out', join('out', 'index.html')]);
    }
    // Folders that existed before the run stay, empty as they were.
    const cwd = await foreignSite();
    await mkdir(join(cwd, '.feedwright-state'));
    await mkdir(join(cwd, 'kept'));
    for (const state of [[], ['--state', 'kept/state']]) {
      expect((await cli(['build', '--input', seeds, '--out', 'out', ...state], cwd)).code).toBe(1);
    }
    expect((await readdir(cwd, { recursive: true })).sort()).toEqual(['.feedwright-state', 'kept', 'out', join('out', 'index.html')]);
  });

  it('summarizes stdin text', async () => {
    const child = execFile(process.execPath, [cliPath, 'summarize', '--sentences', '1']);
    child.stdin?.end('The council approved the new bridge on Monday. Work starts in May. Residents welcomed the news.');
    const output = await new Promise<string>((done) => {
      let text = '';
      child.stdout?.on('data', (c) => (text += c));
      child.on('close', () => done(text));
    });
    const sentences = ['The council approved the new bridge on Monday.', 'Work starts in May.', 'Residents welcomed the news.'];
    expect(sentences).toContain(output.trim());
  });

  it('summarizes a .txt in the BBC layout without its headline line', async () => {
    const child = execFile(process.execPath, [cliPath, 'summarize', '--words', '20']);
    child.stdin?.end('Bridge to open in May\n\nThe council approved the new bridge on Monday.\n\nResidents welcomed the news.\n');
    const output = await new Promise<string>((done) => {
      let text = '';
      child.stdout?.on('data', (c) => (text += c));
      child.on('close', () => done(text));
    });
    expect(output).toBe('The council approved the new bridge on Monday. Residents welcomed the news.\n');
  });

  it('summarizes stdin and --jsonl exactly as the build summarizes the same .txt', async () => {
    const bbc = join(root, '../shared/datasets/bbc-news-summary/articles');
    const texts: Record<string, string> = {
      // Six short sentences: the build stops at 3 sentences within its 60 words.
      'council.txt':
        'The council met on Monday. It voted to close the library. The mayor was absent. Residents were angry. A protest is planned for Friday. The library opened in 1902.\n',
      // Few English function words: the build still summarizes it as the site's language (en).
      'scores.txt': 'Arsenal beat Chelsea 2-1. Saka scored twice. Palmer replied late. Fans celebrated loudly outside. Tickets sold out quickly.\n',
    };
    for (const name of ['sport/003.txt', 'business/001.txt', 'tech/164.txt']) {
      if (existsSync(join(bbc, name))) texts[name.replace('/', '-')] = await readFile(join(bbc, name), 'utf8');
    }
    const input = await tempInput(texts);
    const out = await mkdtemp(join(tmpdir(), 'fw-cli-out-'));
    expect((await cli(['build', '--input', input, '--out', out, '--skip-digests', '-q'])).code).toBe(0);
    const feed = JSON.parse(await readFile(join(out, 'feed.json'), 'utf8')) as { items: { id: string; summary: string }[] };
    const names = Object.keys(texts);
    const built = names.map((name) => feed.items.find((item) => item.id.endsWith(`:${name}`))?.summary);
    for (const [i, name] of names.entries()) {
      expect(built[i], name).toBeTypeOf('string');
      const child = execFile(process.execPath, [cliPath, 'summarize']);
      child.stdin?.end(texts[name]);
      const output = await new Promise<string>((done) => {
        let text = '';
        child.stdout?.on('data', (c) => (text += c));
        child.on('close', () => done(text));
      });
      expect(output, name).toBe(`${built[i]}\n`);
    }
    const jsonl = join(input, 'in.jsonl');
    await writeFile(jsonl, names.map((name) => JSON.stringify({ id: name, article: texts[name] })).join('\n'));
    const lines = (await cli(['summarize', '--jsonl', jsonl])).stdout.trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { summary: string }).summary)).toEqual(built);
  });
});
