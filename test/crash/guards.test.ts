import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore, createS3Store, type Store } from '../../src/storage/index.js';
import { bundleChild, startChild } from './child-runner.js';
import { cli, copyFolder, hasStackTrace, workspace, writeFiles } from './cli-run.js';
import { fakeS3 } from './fake-s3.js';
import { localTree, treeDiff, treeText, type Tree } from './tree.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Undated on purpose: the dates the feeds show are first-seen dates, which only the state remembers. */
const undated = (title: string, category: string) =>
  `---\ntitle: ${title}\ncategories: [${category}]\n---\n\n${title} was reported on Monday. Officials confirmed it later. More follows.\n`;

const FOUR: Record<string, string> = {
  'alpha.md': undated('Harbour cranes return', 'harbour'),
  'beta.md': undated('Ferry plan approved', 'city'),
  'gamma.md': undated('Library opens late', 'city'),
  'delta.md': undated('Storm warning issued', 'weather'),
};

interface FeedDates {
  [id: string]: string | undefined;
}

async function feedDates(out: string): Promise<FeedDates> {
  const feed = JSON.parse(await readFile(path.join(out, 'feed.json'), 'utf8')) as { items: { id: string; date_published?: string }[] };
  return Object.fromEntries(feed.items.map((item) => [item.id, item.date_published]));
}

async function filesUnder(dir: string): Promise<string[]> {
  return [...(await localTree(dir)).keys()];
}

const expectUnchanged = (after: Tree, before: Tree) => expect(treeDiff(after, before)).toEqual([]);

describe('a corrupt state file is reported in one line, and --rebuild-state recovers it', () => {
  it('truncated publisher and digest states: exit 3 naming the file, nothing changed; --rebuild-state keeps the dates the feeds show', async () => {
    // A digest that issues (publishEmpty) at every build, so a digest state exists too.
    const ws = await workspace(FOUR, { digests: [{ id: 'daily', schedule: { every: 'day', at: '00:00' }, publishEmpty: true }] });
    const first = await ws.build();
    expect(first.code, first.stderr).toBe(0);
    const published = await localTree(ws.out);
    const dates = await feedDates(ws.out);
    expect(Object.keys(dates)).toHaveLength(4);

    const stateFiles = await filesUnder(ws.state);
    const contents = await Promise.all(stateFiles.map(async (f) => [f, await readFile(path.join(ws.state, f), 'utf8')] as const));
    // The publisher's state names every source; of the files that do, it is the largest (hashes, summaries).
    const publisherState = contents
      .filter(([, text]) => text.includes('alpha.md'))
      .sort(([, a], [, b]) => b.length - a.length)[0]?.[0];
    const digestState = contents.find(([name, text]) => name.includes('daily') && text.trim().startsWith('{'))?.[0];
    expect(publisherState, `a state file naming the sources under --state (found: ${stateFiles.join(', ')})`).toBeDefined();
    expect(digestState, `the daily digest's state under --state (found: ${stateFiles.join(', ')})`).toBeDefined();

    // A rebuild that re-derived first-seen dates from the clock would now give different ones.
    await sleep(1100);
    for (const file of [publisherState, digestState]) {
      if (!file) continue;
      const full = path.join(ws.state, file);
      const whole = await readFile(full);
      // The last byte is a newline: cutting only it would leave valid JSON, so cut two.
      for (const cut of [0, 1, Math.floor(whole.length / 2), whole.length - 2]) {
        await writeFile(full, whole.subarray(0, cut));
        const run = await ws.build();
        const said = `${run.stdout}${run.stderr}`;
        expect(run.code, `${file} cut at ${cut}: ${said}`).toBe(3);
        expect(said).toContain(path.basename(file));
        expect(hasStackTrace(said), said).toBe(false);
        expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
        expectUnchanged(await localTree(ws.out), published);
      }
      const rebuilt = await ws.build(['--rebuild-state']);
      expect(rebuilt.code, `${file}: ${rebuilt.stdout}${rebuilt.stderr}`).toBe(0);
      expect(await feedDates(ws.out)).toEqual(dates);
      expectUnchanged(await localTree(ws.out), published);
      const again = await ws.build();
      expect(again.code, again.stderr).toBe(0);
      expectUnchanged(await localTree(ws.out), published);
    }
  });
});

describe('no mass deletion by accident', () => {
  let ws: Awaited<ReturnType<typeof workspace>>;
  let published: Tree;
  let state: Tree;
  beforeAll(async () => {
    ws = await workspace(FOUR);
    const first = await ws.build();
    expect(first.code, first.stderr).toBe(0);
    published = await localTree(ws.out);
    state = await localTree(ws.state);
  });
  afterAll(async () => rm(ws.dir, { recursive: true, force: true }));

  it('a typo in --input exits 2 and leaves the output and the state byte for byte', async () => {
    const run = await ws.build([], { input: path.join(ws.dir, 'seedz') });
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(`${run.stdout}${run.stderr}`).toContain('seedz');
    expect(hasStackTrace(run.stderr)).toBe(false);
    expectUnchanged(await localTree(ws.out), published);
    expectUnchanged(await localTree(ws.state), state);
  });

  it('an empty input folder exits 1 naming --allow-mass-delete and changes nothing; with the flag it proceeds', async () => {
    const empty = path.join(ws.dir, 'empty-input');
    await mkdir(empty, { recursive: true });
    const run = await ws.build([], { input: empty });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain('--allow-mass-delete');
    expectUnchanged(await localTree(ws.out), published);
    expectUnchanged(await localTree(ws.state), state);

    // On a copy, so the other tests keep their published site.
    const copy = path.join(ws.dir, 'public-copy');
    const copyState = path.join(ws.dir, 'state-copy');
    await copyFolder(ws.out, copy);
    await copyFolder(ws.state, copyState);
    const forced = await ws.build(['--allow-mass-delete'], { input: empty, out: copy, state: copyState });
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect((await filesUnder(copy)).filter((f) => f.startsWith('articles/'))).toEqual([]);
    expect(await feedDates(copy)).toEqual({});
  });

  it('removing more than half of the published articles exits 1 and changes nothing; half or less goes through', async () => {
    const fewer = path.join(ws.dir, 'one-left');
    await writeFiles(fewer, { 'alpha.md': FOUR['alpha.md'] ?? '' });
    const run = await ws.build([], { input: fewer });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain('--allow-mass-delete');
    expectUnchanged(await localTree(ws.out), published);

    const half = path.join(ws.dir, 'two-left');
    await writeFiles(half, { 'alpha.md': FOUR['alpha.md'] ?? '', 'beta.md': FOUR['beta.md'] ?? '' });
    const copy = path.join(ws.dir, 'public-half');
    const copyState = path.join(ws.dir, 'state-half');
    await copyFolder(ws.out, copy);
    await copyFolder(ws.state, copyState);
    // The copied state's claim names the original output (a state is never taken for another output's): it
    // is pointed at the copy, as if the site had always been published there.
    await writeFile(path.join(copyState, 'output-claim.json'), `${JSON.stringify({ writtenBy: 'feedwright', output: path.relative(copyState, copy) })}\n`);
    const ok = await ws.build([], { input: half, out: copy, state: copyState });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(Object.keys(await feedDates(copy))).toHaveLength(2);
  });
});

// A typo in --out (another tool's site, a home folder) or a lost state must not let a first run overwrite
// or delete files Feedwright never wrote.
describe('a first run never replaces files it did not write', () => {
  it('an output holding publisher files and no state: exit 1, every file byte for byte, no claim; each way forward works', async () => {
    const ws = await workspace(FOUR);
    try {
      const theirs = path.join(ws.dir, 'their-site');
      await writeFiles(theirs, {
        'index.html': '<h1>Their home page</h1>\n',
        'articles/their-story.html': '<p>Their story</p>\n',
        'feed.xml': '<rss version="2.0"><channel><title>theirs</title></channel></rss>\n',
        'CNAME': 'their.example\n',
      });
      const before = await localTree(theirs);
      const freshState = path.join(ws.dir, 'fresh-state');
      for (const flags of [[], ['--dry-run'], ['--force']]) {
        const run = await ws.build(flags, { out: theirs, state: freshState });
        const said = `${run.stdout}${run.stderr}`;
        expect(run.code, `${flags.join(' ')}: ${said}`).toBe(1);
        expect(said).toContain('holds no record of a Feedwright run');
        for (const hint of ['--rebuild-state', '--allow-mass-delete', 'articles/their-story.html']) expect(said).toContain(hint);
        expect(hasStackTrace(said), said).toBe(false);
        expectUnchanged(await localTree(theirs), before);
        expect(await filesUnder(freshState).catch(() => [])).toEqual([]);
      }

      // Files only outside the publisher's namespace (CNAME, their own folders) are no reason to refuse.
      const outside = path.join(ws.dir, 'outside-only');
      await writeFiles(outside, { CNAME: 'news.example\n', 'about/index.html': '<p>About</p>\n' });
      const ok = await ws.build([], { out: outside, state: path.join(ws.dir, 'outside-state') });
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect(await readFile(path.join(outside, 'about', 'index.html'), 'utf8')).toBe('<p>About</p>\n');

      // Meant: --allow-mass-delete replaces them (their page is gone, CNAME stays).
      const replaced = await ws.build(['--allow-mass-delete'], { out: theirs, state: freshState });
      expect(replaced.code, replaced.stdout + replaced.stderr).toBe(0);
      expect(await filesUnder(theirs)).not.toContain('articles/their-story.html');
      expect(await readFile(path.join(theirs, 'CNAME'), 'utf8')).toBe('their.example\n');
      expect(Object.keys(await feedDates(theirs))).toHaveLength(4);
    } finally {
      await rm(ws.dir, { recursive: true, force: true });
    }
  });

  it('a published site whose state was lost: refused, and --rebuild-state takes it back with the dates its feeds show', async () => {
    const ws = await workspace(FOUR);
    try {
      expect((await ws.build()).code).toBe(0);
      const published = await localTree(ws.out);
      const dates = await feedDates(ws.out);
      await rm(ws.state, { recursive: true, force: true });
      await sleep(1100);
      const refused = await ws.build();
      expect(refused.code, refused.stdout + refused.stderr).toBe(1);
      expect(`${refused.stdout}${refused.stderr}`).toContain('--rebuild-state');
      expectUnchanged(await localTree(ws.out), published);
      const rebuilt = await ws.build(['--rebuild-state']);
      expect(rebuilt.code, rebuilt.stdout + rebuilt.stderr).toBe(0);
      expect(await feedDates(ws.out)).toEqual(dates);
      expect((await ws.build()).code).toBe(0);
      expectUnchanged(await localTree(ws.out), published);
    } finally {
      await rm(ws.dir, { recursive: true, force: true });
    }
  });
});

describe('a wrong S3 input prefix', () => {
  it('exits non-zero (1 or 2) and leaves the published site byte for byte', async () => {
    const { startS3rver, TEST_BUCKET } = await import('../integration/s3rver-server.js');
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const server = await startS3rver();
    try {
      const client = server.client();
      for (const [name, body] of Object.entries(FOUR)) {
        await client.send(new PutObjectCommand({ Bucket: TEST_BUCKET, Key: `input/${name}`, Body: body }));
      }
      const ws = await workspace({});
      const env = { ...server.env };
      const first = await cli(['build', '--input', `s3://${TEST_BUCKET}/input/`, '--out', ws.out, '--state', ws.state, '--config', ws.config], { cwd: ws.dir, env });
      expect(first.code, first.stdout + first.stderr).toBe(0);
      const published = await localTree(ws.out);
      const state = await localTree(ws.state);
      const typo = await cli(['build', '--input', `s3://${TEST_BUCKET}/inputz/`, '--out', ws.out, '--state', ws.state, '--config', ws.config], { cwd: ws.dir, env });
      expect([1, 2], typo.stdout + typo.stderr).toContain(typo.code);
      expect(`${typo.stdout}${typo.stderr}`).toMatch(/inputz|--allow-mass-delete/);
      expectUnchanged(await localTree(ws.out), published);
      expectUnchanged(await localTree(ws.state), state);
    } finally {
      await server.dispose();
    }
  });
});

describe('an S3 listing that says IsTruncated without a token', () => {
  const config = parseConfig({ site: { baseUrl: 'https://news.example/' }, digests: [] });
  const clock = fixedClock('2026-03-06T00:00:00Z');
  const snapshot = (store: ReturnType<typeof createMemoryStore>) =>
    new Map([...store.objects].map(([k, v]) => [k, Buffer.from(v.body).toString('base64')]));

  async function site() {
    const s3 = fakeS3();
    for (const [name, body] of Object.entries(FOUR)) s3.objects.set(`input/${name}`, new TextEncoder().encode(body));
    const input = createS3Store({ client: s3.client, bucket: 'feeds', prefix: 'input/' });
    const output = createMemoryStore();
    const state = createMemoryStore();
    const publish = (out: Store = output) => publishSite({ config, input, output: out, state, clock, log: silentLogger });
    await publish();
    return { s3, input, output, state, publish };
  }

  it('as the input listing: the run fails and changes nothing', async () => {
    const { s3, output, state, publish } = await site();
    const before = [snapshot(output), snapshot(state)];
    s3.breakListing(true);
    await expect(publish()).rejects.toThrow();
    expect([snapshot(output), snapshot(state)]).toEqual(before);
  });

  it('as the output listing: the run fails and changes nothing', async () => {
    const s3 = fakeS3();
    const input = createMemoryStore(FOUR);
    const output = createS3Store({ client: s3.client, bucket: 'feeds', prefix: 'site/' });
    const state = createMemoryStore();
    const publish = () => publishSite({ config, input, output, state, clock, log: silentLogger });
    await publish();
    await input.write('epsilon.md', undated('Comet visible tonight', 'science'), { contentType: 'text/markdown', cacheControl: 'no-store' });
    await input.delete('delta.md');
    const before = new Map(s3.objects);
    const stateBefore = snapshot(state);
    s3.breakListing(true);
    await expect(publish()).rejects.toThrow();
    expect(new Map(s3.objects)).toEqual(before);
    expect(snapshot(state)).toEqual(stateBefore);
  });
});

describe('one writer at a time', () => {
  let bundle: string;
  beforeAll(async () => {
    bundle = await bundleChild();
  });
  afterAll(async () => rm(path.dirname(bundle), { recursive: true, force: true }));

  it('a second run while one holds the state exits 3 naming the lease and changes nothing; the next run equals a clean build', async () => {
    const dated = Object.fromEntries(
      Object.entries(FOUR).map(([name, body]) => [name, body.replace('---\ntitle', '---\ndate: 2026-03-01T08:00:00Z\nupdated: 2026-03-01T08:00:00Z\ntitle')]),
    );
    const ws = await workspace(dated);
    const rawConfig = JSON.parse(await readFile(ws.config, 'utf8')) as unknown;
    // The holder's clock is now, so the lease it takes is fresh for the CLI run (which reads the system clock).
    const holder = startChild(bundle, {
      input: ws.input,
      clock: new Date().toISOString(),
      config: rawConfig,
      pauseAtFirstOutputWrite: true,
      local: { out: ws.out, state: ws.state },
    });
    await new Promise<void>((resolve, reject) => {
      holder.child.stdout?.on('data', (d: Buffer) => d.toString().includes('PAUSED') && resolve());
      void holder.done.then((r) => reject(new Error(`holder ended before pausing: ${r.stdout}${r.stderr}`)));
    });
    const during = [await localTree(ws.out), await localTree(ws.state)];
    const second = await ws.build();
    expect(second.code, second.stdout + second.stderr).toBe(3);
    expect(`${second.stdout}${second.stderr}`).toMatch(/lease/i);
    expect(hasStackTrace(second.stderr)).toBe(false);
    expect(treeDiff(await localTree(ws.out), during[0] ?? new Map())).toEqual([]);
    expect(treeDiff(await localTree(ws.state), during[1] ?? new Map())).toEqual([]);

    holder.child.stdin?.write('go\n');
    const held = await holder.done;
    expect(held.code, held.stdout + held.stderr).toBe(0);

    const final = await ws.build();
    expect(final.code, final.stderr).toBe(0);
    const clean = await workspace(dated);
    expect((await clean.build()).code).toBe(0);
    expect(treeDiff(await localTree(ws.out), await localTree(clean.out))).toEqual([]);
  });
});

describe('private state is never served', () => {
  const SECRET_DRAFT = 'drafts/2026-12-secret-merger-acme.md';
  const SECRET_REJECT = 'rejected-secret-plan.json';

  it('the output has no _feedwright/ and never names a draft or a rejected source; the state lives under --state', async () => {
    const ws = await workspace({
      ...FOUR,
      [SECRET_DRAFT]: '---\ntitle: Acme merger\ndraft: true\n---\n\nNot for publication yet.\n',
      [SECRET_REJECT]: '{ "title": "broken',
    });
    const run = await ws.build();
    expect(run.code, run.stderr).toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain(SECRET_REJECT);
    const out = await localTree(ws.out);
    expect([...out.keys()].filter((k) => k.startsWith('_feedwright/'))).toEqual([]);
    const text = treeText(out);
    expect(text).not.toContain('secret-merger-acme');
    expect(text).not.toContain('rejected-secret-plan');
    expect((await localTree(ws.state)).size).toBeGreaterThan(0);
  });

  it('an old site with _feedwright/ in its output migrates on its next run, keeping the dates its feeds show', async () => {
    const legacy = path.join(root, 'test/fixtures/legacy-site');
    const ws = await workspace({}, {});
    await rm(ws.input, { recursive: true, force: true });
    await copyFolder(path.join(legacy, 'input'), ws.input);
    await copyFolder(path.join(legacy, 'public'), ws.out);
    const oldDates = await feedDates(ws.out);
    const oldPages = (await filesUnder(ws.out)).filter((f) => f.startsWith('articles/'));
    expect(Object.keys(oldDates)).toHaveLength(2);

    // The legacy site was built with the default config (default base URL and digests).
    const run = await cli(['build', '--input', ws.input, '--out', ws.out, '--state', ws.state], { cwd: ws.dir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const out = await localTree(ws.out);
    expect([...out.keys()].filter((k) => k.startsWith('_feedwright/'))).toEqual([]);
    expect(treeText(out)).not.toContain('secret-merger-acme');
    expect(await feedDates(ws.out)).toEqual(oldDates);
    expect([...out.keys()].filter((f) => f.startsWith('articles/'))).toEqual(oldPages);
    expect((await readdir(ws.state)).length).toBeGreaterThan(0);
  });
});
