import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { link, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { platform, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// The bundled CLI: what users run.
const cliPath = join(root, 'dist/cli.js');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in `cwd`; stdin is `stdin` as text, or an open file (a `< file` redirection). */
function cli(args: string[], cwd: string, stdin: string | { file: string } = ''): Promise<CliResult> {
  return new Promise((done, fail) => {
    const fd = typeof stdin === 'string' ? undefined : openSync(stdin.file, 'r');
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, stdio: [fd ?? 'pipe', 'pipe', 'pipe'], env: { ...process.env, FEEDWRIGHT_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      if (fd !== undefined) closeSync(fd);
      done({ code: code ?? -1, stdout, stderr });
    });
    if (typeof stdin === 'string') child.stdin?.end(stdin);
  });
}

const ARTICLE = 'A powerful storm hit the coast on Monday. Thousands lost power. Officials said repairs would take days.';
const JSONL = `${JSON.stringify({ id: 'a', article: `Storm hits coast\n\n${ARTICLE} Schools were closed.` })}\n`;

async function folderWithJsonl(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fw-summ-out-'));
  await writeFile(join(dir, 'articles.jsonl'), JSONL);
  return dir;
}

const SAME_FILE = /^feedwright summarize: --out and --jsonl are the same file \(.*articles\.jsonl\): the summaries would replace the articles they are made from; write them to another file \(code: usage\)\n$/;

describe('summarize --out', () => {
  it('refuses the --jsonl file as --out, under any name (exit 2), and leaves it as it was', async () => {
    const dir = await folderWithJsonl();
    await symlink('articles.jsonl', join(dir, 'link.jsonl'));
    await link(join(dir, 'articles.jsonl'), join(dir, 'hard.jsonl'));
    // `--jsonl F --out F` once replaced the articles with their summaries, exit 0.
    for (const out of ['articles.jsonl', './articles.jsonl', join(dir, 'articles.jsonl'), 'link.jsonl', 'hard.jsonl']) {
      const result = await cli(['summarize', '--jsonl', 'articles.jsonl', '--out', out], dir);
      expect(result.code, out).toBe(2);
      expect(result.stderr, out).toMatch(SAME_FILE);
      expect(result.stdout).toBe('');
      expect(await readFile(join(dir, 'articles.jsonl'), 'utf8')).toBe(JSONL);
    }
    expect((await readdir(dir)).sort()).toEqual(['articles.jsonl', 'hard.jsonl', 'link.jsonl']);
  });

  it('refuses the file stdin is redirected from as --out (exit 2)', async () => {
    const dir = await folderWithJsonl();
    await writeFile(join(dir, 'a.txt'), `${ARTICLE}\n`);
    const result = await cli(['summarize', '--out', 'a.txt'], dir, { file: join(dir, 'a.txt') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^feedwright summarize: --out is the file stdin is read from \(.*a\.txt\): .* \(code: usage\)\n$/);
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe(`${ARTICLE}\n`);
  });

  it('writes the summary of stdin to --out (it was ignored without --jsonl)', async () => {
    const dir = await folderWithJsonl();
    const result = await cli(['summarize', '--sentences', '1', '--out', 'summary.txt'], dir, ARTICLE);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    // Checked by hand: one sentence of three, the lead (no later sentence outranks it here).
    expect(await readFile(join(dir, 'summary.txt'), 'utf8')).toBe('A powerful storm hit the coast on Monday.\n');
  });

  it('replaces --out with a complete file renamed into place, through a link, leaving no temp file', async () => {
    const dir = await folderWithJsonl();
    await writeFile(join(dir, 'out.jsonl'), 'previous\n');
    // Another name of the previous output: a write in place (which a failing run could leave cut short)
    // would change it too; a renamed new file does not.
    await link(join(dir, 'out.jsonl'), join(dir, 'previous.jsonl'));
    await symlink('out.jsonl', join(dir, 'out-link.jsonl'));
    const result = await cli(['summarize', '--jsonl', 'articles.jsonl', '--out', 'out-link.jsonl', '--sentences', '1'], dir);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    // The headline line is the title, not a sentence; the lead sentence is the one-sentence summary.
    expect(await readFile(join(dir, 'out.jsonl'), 'utf8')).toBe(`${JSON.stringify({ id: 'a', summary: 'A powerful storm hit the coast on Monday.' })}\n`);
    expect(await readFile(join(dir, 'previous.jsonl'), 'utf8')).toBe('previous\n');
    expect((await readdir(dir)).sort()).toEqual(['articles.jsonl', 'out-link.jsonl', 'out.jsonl', 'previous.jsonl']);
  });

  it('appends to a stream --out (/dev/stdout, /dev/fd/1, a link to one) that the shell sent to a file with >>', async () => {
    const dir = await folderWithJsonl();
    await symlink('/dev/stdout', join(dir, 'stdout-link'));
    for (const out of ['/dev/stdout', '/dev/fd/1', 'stdout-link']) {
      const log = join(dir, 'log.txt');
      await writeFile(log, 'before\n');
      // As `feedwright summarize --out /dev/stdout >> log.txt`: it truncated log.txt, or a link to /dev/stdout
      // had a renamed file put in place of log.txt.
      const appended = openSync(log, 'a');
      const result = await new Promise<number>((done, fail) => {
        const child = spawn(process.execPath, [cliPath, 'summarize', '--sentences', '1', '--out', out], { cwd: dir, stdio: ['pipe', appended, 'inherit'] });
        child.on('error', fail);
        child.on('close', (code) => done(code ?? -1));
        child.stdin?.end(ARTICLE);
      });
      closeSync(appended);
      expect(result, out).toBe(0);
      expect(await readFile(log, 'utf8'), out).toBe('before\nA powerful storm hit the coast on Monday.\n');
      expect((await readdir(dir)).sort(), out).toEqual(['articles.jsonl', 'log.txt', 'stdout-link']);
    }
  });

  it('writes a JSONL --out that is a pipe (/dev/stdout) or a FIFO as a stream', async () => {
    const dir = await folderWithJsonl();
    const expected = `${JSON.stringify({ id: 'a', summary: 'A powerful storm hit the coast on Monday.' })}\n`;
    const piped = await cli(['summarize', '--jsonl', 'articles.jsonl', '--out', '/dev/stdout', '--sentences', '1'], dir);
    expect(piped).toEqual({ code: 0, stdout: expected, stderr: '' });
    if (platform() === 'win32') return;
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const reader = readFile(join(dir, 'fifo'), 'utf8');
    const result = await cli(['summarize', '--jsonl', 'articles.jsonl', '--out', 'fifo', '--sentences', '1'], dir);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await reader).toBe(expected);
  });

  it('refuses --title with --jsonl, where it did nothing (exit 2)', async () => {
    const dir = await folderWithJsonl();
    const result = await cli(['summarize', '--jsonl', 'articles.jsonl', '--title', 'Storm'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^feedwright summarize: --title is for the article on stdin; with --jsonl each line gives its own "title" \(code: usage\)\n$/);
  });
});
