import { access, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FeedwrightError } from '../errors/index.js';
import { parseFlags } from './flags.js';
import { commandHelp } from './help.js';

/** `feedwright init` would overwrite a file the user already has. */
export class InitTargetExistsError extends FeedwrightError {
  readonly code = 'init-target-exists';
  override readonly exitCode = 2;
  constructor(readonly path: string) {
    super(`${path} already exists; init never overwrites (choose an empty folder: feedwright init my-site)`);
  }
}

const CONFIG = `# Feedwright settings. Every key is optional; unknown keys are errors, so a typo is never ignored.
site:
  title: My Site                      # feed and page title
  # Where public/ will be served. \`feedwright serve\` replaces it with its local address while it runs.
  baseUrl: https://example.org/
  description: What is new on my site
  language: en                        # a BCP 47 tag
  # author: { name: Your Name, email: you@example.org }
feed:
  size: 50                            # newest N items per feed
summary:
  sentences: 3                        # or words: 60
input: articles                       # where your articles are (Markdown, text, HTML or JSON)
out: public                           # where the site is written: upload this folder
# The private state (ids, first-seen dates, caches) lives beside the output in .feedwright-state/;
# keep it between runs (it is in .gitignore because it is machine data, not because it is disposable).
digests:
  - id: weekly
    schedule: { every: week, day: monday, at: "07:00" }
    timeZone: UTC                     # an IANA time zone, e.g. Europe/London
`;

const WELCOME = `---
title: Welcome to your new site
date: 2026-01-05T09:00:00Z
categories: [News]
---

This site is published by Feedwright. Every Markdown file in the articles folder becomes a page and an
item in the RSS, Atom and JSON feeds.

Edit this file, or add another one next to it, then run \`feedwright build\` again. Run \`feedwright serve\`
to preview the site in a browser: it rebuilds and reloads the page whenever you save.
`;

const SECOND = `---
title: Writing articles
date: 2026-01-12T09:00:00Z
categories: [Guides]
summary: Front matter fields, drafts and dates in one short page.
---

Each article starts with front matter between two lines of three dashes. The title and the date are the
fields most articles need; categories give each category its own page and feeds.

Set \`draft: true\` to keep an article out of the site, and give a date in the future to hold it back
until then.
`;

const GITIGNORE = `# Feedwright output and private state (keep the state between runs where you build)
/public/
/.feedwright-state/
node_modules/
`;

const FILES: [string, string][] = [
  ['feedwright.config.yaml', CONFIG],
  ['articles/welcome.md', WELCOME],
  ['articles/writing-articles.md', SECOND],
  ['.gitignore', GITIGNORE],
];

/** Writes a starter site into `dir` (created if needed) and returns the paths written; never overwrites. */
export async function initSite(dir: string): Promise<string[]> {
  const root = resolve(dir);
  // Checked up front so a refusal leaves nothing half-written; `wx` below still guards a race.
  for (const [name] of FILES) {
    const path = join(root, name);
    const exists = await access(path).then(() => true, () => false);
    if (exists) throw new InitTargetExistsError(path);
  }
  await mkdir(join(root, 'articles'), { recursive: true });
  const written: string[] = [];
  for (const [name, text] of FILES) {
    const path = join(root, name);
    try {
      // `wx`: exclusive create, so a file that exists (even one created meanwhile) is never replaced.
      await writeFile(path, text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new InitTargetExistsError(path);
      throw error;
    }
    written.push(path);
  }
  return written;
}

/** `feedwright init [DIR]`. */
export async function runInit(args: string[]): Promise<number> {
  const { positionals, help } = parseFlags('init', args, {}, 1);
  if (help) return (console.log(commandHelp('init')), 0);
  const dir = positionals[0] ?? '.';
  const written = await initSite(dir);
  for (const path of written) console.log(`created ${path}`);
  const cd = dir === '.' ? '' : `cd ${dir} && `;
  console.log(`next: ${cd}feedwright build   (or: feedwright serve, to preview with live reload)`);
  return 0;
}
