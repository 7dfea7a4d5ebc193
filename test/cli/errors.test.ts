import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// The bundled CLI (built by `npm test` before vitest runs): what users run.
const cliPath = join(root, 'dist/cli.js');
const seeds = join(root, 'seeds');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[]; stdin?: string | Buffer } = {}): Promise<CliResult> {
  return new Promise((done) => {
    const env = { ...process.env, FEEDWRIGHT_DEBUG: '', ...options.env };
    const child = execFile(process.execPath, [...(options.nodeArgs ?? []), cliPath, ...args], { cwd: options.cwd ?? root, env }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      done({ code, stdout, stderr });
    });
    child.stdin?.end(options.stdin ?? '');
  });
}

async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `fw-cli-${prefix}-`));
}

/** The CLI's contract for an error a user can fix: exactly one stderr line naming the command, no stack. */
function expectOneLine(result: CliResult, command: string, exitCode: number, mentions: RegExp): void {
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^feedwright ${command}: `));
  expect(lines[0]).toMatch(mentions);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code).toBe(exitCode);
}

describe('CLI errors: one line, the error class exit code, never a stack', () => {
  it('UsageError: unknown flag, named (exit 2)', async () => {
    expectOneLine(await cli(['build', '--outt', 'x']), 'build', 2, /unknown flag --outt/);
    expectOneLine(await cli(['digest', 'daily', '--strict']), 'digest', 2, /unknown flag --strict/);
    expectOneLine(await cli(['summarize', '-z']), 'summarize', 2, /unknown flag -z/);
    // The mail commands once passed node's own message through ("To specify a positional argument…").
    expectOneLine(await cli(['subscribers', 'list', 'daily', '--jsn']), 'subscribers', 2, /unknown flag --jsn — did you mean --json\?/);
    expectOneLine(await cli(['mail', 'serve', '--prot', '8787']), 'mail', 2, /unknown flag --prot — did you mean --port\?/);
    expectOneLine(await cli(['mail', 'serve', '--port']), 'mail', 2, /--port needs a value/);
    // A flag cut short names the one it begins.
    expectOneLine(await cli(['build', '--dry']), 'build', 2, /unknown flag --dry — did you mean --dry-run\?/);
  });

  it('UsageError: a value flag given twice is refused, not the last one taken (exit 2)', async () => {
    // In a folder of its own: taking the last value would build a site there.
    const cwd = await tempDir('twice');
    expectOneLine(await cli(['build', '--out', 'a', '--out', 'b'], { cwd }), 'build', 2, /--out is given twice: give it once/);
    expectOneLine(await cli(['build', '--input=x', '--skip-digests', '--input', 'y'], { cwd }), 'build', 2, /--input is given twice/);
    expectOneLine(await cli(['serve', '--port', '4000', '-p', '4001'], { cwd }), 'serve', 2, /--port is given twice/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('mail serve --port takes only a decimal port (0x10, 1e3 and an empty value were taken as ports)', async () => {
    for (const port of ['0x10', '1e3', '', '65536']) {
      expectOneLine(await cli(['mail', 'serve', `--port=${port}`]), 'mail', 2, /--port: a port is a decimal number from 0 to 65535/);
    }
  });

  // A taken port crashed `mail serve` with a stack trace, and `serve` called it a bug in Feedwright (exit 70).
  it('ListenError: a port in use is one line naming the address (exit 2), for serve and mail serve', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = String((taken.address() as AddressInfo).port);
    try {
      const dir = await tempDir('listen');
      await writeFile(join(dir, 'feedwright.config.json'), JSON.stringify({ email: { from: 'd@news.example' } }));
      const env = { FEEDWRIGHT_EMAIL_SECRET: 'x'.repeat(40), FEEDWRIGHT_SMTP_URL: 'smtp://127.0.0.1:1' };
      const previews = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('feedwright-serve-'));
      const before = await previews();
      expectOneLine(await cli(['serve', seeds, '--port', port], { cwd: dir }), 'serve', 2, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
      // Its temporary site folder is removed although the preview never started.
      expect(await previews()).toEqual(before);
      expectOneLine(await cli(['mail', 'serve', '--port', port], { cwd: dir, env }), 'mail', 2, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
    } finally {
      taken.close();
    }
  });

  it('UsageError: a flag without its value, a boolean flag with one, an extra argument (exit 2)', async () => {
    expectOneLine(await cli(['build', '--input']), 'build', 2, /--input needs a value/);
    expectOneLine(await cli(['build', '--input', '--out', 'x']), 'build', 2, /--input needs a value/);
    expectOneLine(await cli(['build', '--strict=yes']), 'build', 2, /--strict takes no value/);
    // One positional is the input folder; a second one is a mistake, and so is giving the input twice.
    expectOneLine(await cli(['build', 'seeds', 'more']), 'build', 2, /unexpected argument "more"/);
    expectOneLine(await cli(['build', 'seeds', '--input', 'seeds']), 'build', 2, /give the input once/);
  });

  it('refuses a --lang that is not a BCP 47 tag, naming the flag (no markup reaches the summarizer)', async () => {
    expectOneLine(await cli(['summarize', '--lang', 'en" onload="x']), 'summarize', 2, /--lang: must be a BCP 47 language tag/);
  });

  it('refuses a --words or --sentences that is not decimal digits, as --port (exit 2)', async () => {
    // z.coerce.number() read '0x10' as 16, '1e1' as 10 and ' 5' as 5, and summarized with that budget.
    for (const flag of ['--words', '--sentences']) {
      for (const value of ['0x10', '1e1', ' 5', '5.0', '', '0', '-1', '9'.repeat(20)]) {
        const result = await cli(['summarize', `${flag}=${value}`], { stdin: 'The council met on Monday. It approved the plan.' });
        expectOneLine(result, 'summarize', 2, new RegExp(`${flag}: a whole number of 1 or more, in decimal digits \\(got "`));
        expect(result.stdout, `${flag}=${value}`).toBe('');
      }
    }
    // 5 + 4 words: both sentences fit in 10 words, not in 8 (`010` read as octal).
    const ok = await cli(['summarize', '--words', '010'], { stdin: 'The council met on Monday. It approved the plan.' });
    expect(ok).toMatchObject({ code: 0, stdout: 'The council met on Monday. It approved the plan.\n' });
  });

  it('cuts an echoed flag value: a 100 kB value gives a short line', async () => {
    const result = await cli(['summarize', '--sentences', 'n'.repeat(100_000)]);
    expectOneLine(result, 'summarize', 2, /--sentences: .*characters\)/);
    expect(result.stderr.length).toBeLessThan(500);
  });

  it('an unknown command is one line naming it, with a did-you-mean and the usage code, like an unknown flag', async () => {
    const result = await cli(['biuld']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^feedwright: unknown command "biuld" — did you mean build\? .*\(code: usage\)$/)]);
    expect(result.stdout).toBe('');
  });

  it('an unknown command with --json prints its failure as one JSON object on stdout', async () => {
    const result = await cli(['bulid', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^feedwright: unknown command "bulid" — did you mean build\?.*\(code: usage\)\n$/);
    const failure = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(failure).toMatchObject({ ok: false, exitCode: 2, code: 'usage', error: 'UsageError' });
    expect(failure.message).toMatch(/^unknown command "bulid" — did you mean build\?/);
    // After `--`, --json is an argument, not a flag.
    expect((await cli(['bulid', '--', '--json'])).stdout).toBe('');
  });

  it('ConfigError: every bad key on one line (exit 2)', async () => {
    const dir = await tempDir('cfg');
    await writeFile(join(dir, 'feedwright.config.yaml'), 'site:\n  baseUrl: not-a-url\nfeed:\n  size: 0\nunknownKey: 1\n');
    const result = await cli(['build'], { cwd: dir });
    expectOneLine(result, 'build', 2, /site\.baseUrl.*feed\.size|feed\.size.*site\.baseUrl/);
    expect(result.stderr).toContain('unknownKey');
  });

  it('ConfigError: a YAML syntax error (multi-line from the parser) is still one line', async () => {
    const dir = await tempDir('yaml');
    await writeFile(join(dir, 'feedwright.config.yaml'), 'site:\n  title: [unclosed\n  baseUrl: x\n');
    expectOneLine(await cli(['build'], { cwd: dir }), 'build', 2, /not valid YAML/);
  });

  it('LocationError: an invalid bucket name (exit 2)', async () => {
    expectOneLine(await cli(['build', '--input', seeds, '--out', 's3://Bad_Bucket/site/']), 'build', 2, /Bad_Bucket/);
  });

  it('DigestNotFoundError: names the configured digests (exit 2)', async () => {
    const out = await tempDir('out');
    const result = await cli(['digest', 'hourly', '--input', seeds, '--out', out, '--state', join(out, '..', `${out.split('/').pop()}-state`)]);
    expectOneLine(result, 'digest', 2, /unknown digest "hourly"; configured: daily, weekly/);
  });

  it('a --since still ahead without --at is refused as after --at (exit 2), nothing written', async () => {
    const out = await tempDir('out');
    const result = await cli(['digest', 'weekly', '--since', '2062-01-01T00:00:00Z', '--input', seeds, '--out', out, '--state', join(out, '..', `${out.split('/').pop()}-state`)]);
    expectOneLine(result, 'digest', 2, /--since must be before --at \(now, /);
    expect(await readdir(out)).toEqual([]);
  });

  it('a malformed digest id is refused before use, even 100 kB of it (exit 2)', async () => {
    expectOneLine(await cli(['digest', 'Daily']), 'digest', 2, /digest id: lowercase/);
    const huge = await cli(['digest', 'd'.repeat(100_000)]);
    expectOneLine(huge, 'digest', 2, /digest id: at most 40 characters/);
    expect(huge.stderr.length).toBeLessThan(500);
  });

  it('BackfillTooLongError: says how many issues and where to split (exit 2); since before 1970 is refused', async () => {
    const out = await tempDir('out');
    const state = `${out}-state`;
    const args = ['--input', seeds, '--out', out, '--state', state];
    // (2020-01-01 00:00, 2021-01-01 00:00] holds the daily 07:00 issues of 2020: 366 (a leap year) → allowed
    // only up to 400; two years hold 731 → refused.
    const long = await cli(['digest', 'daily', '--since', '2020-01-01T00:00:00Z', '--at', '2022-01-01T00:00:00Z', '--dry-run', ...args]);
    expectOneLine(long, 'digest', 2, /spans 731 scheduled times \(empty windows count\), at most 400 per run: split it/);
    expectOneLine(await cli(['digest', 'daily', '--since', '0001-01-01T00:00:00Z', ...args]), 'digest', 2, /--since: must not be before 1970/);
    expect(await readdir(out)).toEqual([]);
  });

  it('SummarizeInputError and InputError: each bad JSONL line by number, the others summarized (exit 1)', async () => {
    const dir = await tempDir('jsonl');
    await writeFile(join(dir, 'in.jsonl'), Buffer.concat([
      Buffer.from('{"id":1,"article":"One. Two."}\n{"id":2}\n{"id":3,"article":""}\n{"id":4,"article":"Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' opens."}\n'),
    ]));
    const result = await cli(['summarize', '--jsonl', join(dir, 'in.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('{"id":1,"summary":"One. Two."}\n');
    const lines = result.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toEqual([
      expect.stringMatching(/^feedwright summarize: line 2: .*article.* \(code: invalid-summarize-input\)$/),
      'feedwright summarize: line 3 (id 3): empty body (no text after trimming) (code: invalid-article)',
      'feedwright summarize: line 4: not valid UTF-8 text (code: invalid-article)',
      'feedwright summarize: 3 line(s) rejected, 1 summarized',
    ]);
  });

  it('InputError: stdin the build would reject is refused with its reason, no summary (exit 2)', async () => {
    const cases: [string | Buffer, string][] = [
      [Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x70, 0x65, 0x6e, 0x73, 0x2e]), 'stdin: not valid UTF-8 text'],
      [Buffer.from([0x01, 0x00, 0xff, 0x10]), 'stdin: contains NUL bytes \\(binary file\\?\\)'],
      ['', 'stdin: empty body \\(no text after trimming\\)'],
    ];
    for (const [stdin, reason] of cases) {
      const result = await cli(['summarize'], { stdin });
      expectOneLine(result, 'summarize', 2, new RegExp(`^feedwright summarize: ${reason} \\(code: invalid-article\\)$`));
      expect(result.stdout).toBe('');
    }
  });

  it('SummarizeFileError: a missing --jsonl file is one clear line, not an ENOENT stack (exit 2)', async () => {
    const missing = join(await tempDir('jsonl'), 'nope.jsonl');
    const result = await cli(['summarize', '--jsonl', missing]);
    expectOneLine(result, 'summarize', 2, /cannot read ".*nope\.jsonl": no such file or folder/);
    expect(result.stderr).not.toContain('ENOENT');
  });

  it('ValidationError from `invoke` of a scheduled handler (exit 2)', async () => {
    const cwd = await tempDir('invoke');
    expectOneLine(await cli(['invoke', 'digest', '--data', '{"digest":"../etc"}'], { cwd, env: { FEEDWRIGHT_INPUT: seeds } }), 'invoke', 2, /digest/);
  });

  it('refuses a state location inside the output or the input, writing nothing', async () => {
    const out = await tempDir('out');
    const input = await tempDir('in');
    await writeFile(join(input, 'a.md'), '---\ntitle: A\ndate: 2026-01-01\n---\n\nBody text here.\n');
    for (const state of [join(out, 'private'), join(input, 'state')]) {
      const result = await cli(['build', '--input', input, '--out', out, '--state', state]);
      expectOneLine(result, 'build', 2, /^feedwright build: the state \(--state .*\) is inside the (output|input) \(--(out|input) .*\): /);
    }
    expect(await readdir(out)).toEqual([]);
    expect(await readdir(input)).toEqual(['a.md']);
  });
});

describe('CLI failures with --json: one JSON object on stdout as well', () => {
  it('a missing input: ok false, its code, message and location; the plain line names the code (exit 2)', async () => {
    const cwd = await tempDir('json-missing');
    const json = await cli(['build', '--json', '--input', 'nowhere', '--out', 'x'], { cwd });
    expect(json.code).toBe(2);
    const lines = json.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      ok: false,
      exitCode: 2,
      code: 'input-missing',
      error: 'InputLocationError',
      message: expect.stringMatching(/^nowhere: folder does not exist/),
      location: { path: join(cwd, 'nowhere') },
    });
    expectOneLine(json, 'build', 2, /nowhere: folder does not exist.* \(code: input-missing\)$/);
    const plain = await cli(['build', '--input', 'nowhere', '--out', 'x'], { cwd });
    expect(plain.stdout).toBe('');
    expectOneLine(plain, 'build', 2, /\(code: input-missing\)$/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('a mass-delete refusal: ok false and mass-delete-refused on stdout (exit 1)', async () => {
    const dir = await tempDir('json-guard');
    const input = join(dir, 'in');
    const empty = join(dir, 'empty');
    await mkdir(input);
    await mkdir(empty);
    await writeFile(join(input, 'a.md'), '---\ntitle: A\ndate: 2026-01-01\n---\n\nBody text here.\n');
    expect((await cli(['build', '--input', input, '--out', join(dir, 'out'), '--skip-digests'])).code).toBe(0);
    const refused = await cli(['build', '--input', empty, '--out', join(dir, 'out'), '--skip-digests', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, exitCode: 1, code: 'mass-delete-refused', message: expect.stringContaining('--allow-mass-delete') });
    expectOneLine(refused, 'build', 1, /\(code: mass-delete-refused\)$/);
  });

  it('a usage mistake of a command that takes --json, and of digest', async () => {
    expect(JSON.parse((await cli(['build', '--json', '--quiet'])).stdout)).toMatchObject({ ok: false, exitCode: 2, code: 'usage' });
    const digest = await cli(['digest', 'Daily!', '--json']);
    expect(digest.code).toBe(2);
    expect(JSON.parse(digest.stdout)).toMatchObject({ ok: false, code: 'usage', message: expect.stringContaining('digest id') });
  });
});

describe('no command', () => {
  it('is a usage mistake: the help on stderr, nothing on stdout, exit 2', async () => {
    const { code, stdout, stderr } = await cli([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage:');
    expect(stderr).toContain('Exit codes');
  });
});

describe('CLI bugs (errors that are not FeedwrightError)', () => {
  // Preloaded into the CLI process: makes printing the summary throw, the way a bug in our code would.
  async function bugHook(): Promise<string> {
    const dir = await tempDir('hook');
    const hook = join(dir, 'bug.mjs');
    await writeFile(hook, "console.log = () => { throw new TypeError('injected bug'); };\n");
    return hook;
  }

  it('prints one line saying it is a bug and exits 70, without a stack by default', async () => {
    const result = await cli(['summarize'], { nodeArgs: ['--import', await bugHook()], stdin: 'One sentence here. Another one.' });
    expect(result.code).toBe(70);
    const lines = result.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toEqual([expect.stringMatching(/^feedwright summarize: internal error, this is a bug in feedwright: TypeError: injected bug .*FEEDWRIGHT_DEBUG=1/)]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('shows the stack with FEEDWRIGHT_DEBUG=1', async () => {
    const result = await cli(['summarize'], {
      nodeArgs: ['--import', await bugHook()],
      stdin: 'One sentence here. Another one.',
      env: { FEEDWRIGHT_DEBUG: '1' },
    });
    expect(result.code).toBe(70);
    expect(result.stderr).toMatch(/^feedwright summarize: internal error.*injected bug/);
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});

describe('per-command help', () => {
  it('`build --help` lists build flags only', async () => {
    const { code, stdout } = await cli(['build', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--input', '--out', '--state', '--strict', '--allow-mass-delete', '--rebuild-state', '--skip-digests']) expect(stdout).toContain(flag);
    for (const other of ['--jsonl', '--sentences', '--data', '--since', 'feedwright digest']) expect(stdout).not.toContain(other);
  });

  it('`digest --help` lists digest flags only', async () => {
    const { code, stdout } = await cli(['digest', '-h']);
    expect(code).toBe(0);
    for (const flag of ['--at', '--since', '--state', '400']) expect(stdout).toContain(flag);
    for (const other of ['--strict', '--allow-mass-delete', '--jsonl']) expect(stdout).not.toContain(other);
  });

  it('the overview lists every command and the new flags', async () => {
    const { stdout } = await cli(['--help']);
    for (const word of ['build', 'digest', 'summarize', 'invoke', '--state', '--allow-mass-delete', '--rebuild-state', 'FEEDWRIGHT_DEBUG']) expect(stdout).toContain(word);
  });
});

describe('a digest failure in a build (the site is still published)', () => {
  it('is one line ending with its code, and the --json failure names its code and message at the top', async () => {
    const dir = await tempDir('digest-failure');
    const args = ['build', '--input', seeds, '--out', join(dir, 'site')];
    expect((await cli(args, { cwd: dir })).code).toBe(0);
    await writeFile(join(dir, '.feedwright-state', 'site', 'digests', 'daily.json'), '{"version":1,');
    const text = await cli([...args, '--quiet'], { cwd: dir });
    expect(text.code).toBe(3);
    expect(text.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^feedwright build: digest daily: .*daily\.json: is not valid JSON; .* \(code: corrupt-digest-state\)$/)]);
    const json = await cli([...args, '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, exitCode: 3, code: 'corrupt-digest-state', message: expect.stringMatching(/^digest daily: /) });
  });
});
