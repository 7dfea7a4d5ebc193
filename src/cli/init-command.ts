import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILES } from '../config/load-config-file.js';
import { parseFlags } from './flags.js';
import { commandHelp } from './help.js';
import { initSite } from './init-site.js';
import { posixShellWord } from './posix-shell-word.js';
import { UsageError } from './usage-error.js';

export { InitTargetExistsError } from './init-site.js';

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

const STARTER = {
  files: [
    ['feedwright.config.yaml', CONFIG],
    ['articles/welcome.md', WELCOME],
    ['articles/writing-articles.md', SECOND],
    ['.gitignore', GITIGNORE],
  ] satisfies [string, string][],
  // Any config name the CLI reads: one beside ours would be read instead of it, or make every command refuse.
  absent: DEFAULT_CONFIG_FILES,
};

/** `feedwright init [DIR]`. */
export async function runInit(args: string[]): Promise<number> {
  const { positionals, help } = parseFlags('init', args, {}, 1);
  if (help) return (console.log(commandHelp('init')), 0);
  const dir = positionals[0] ?? '.';
  // An empty argument is most likely an unset variable (`feedwright init "$DIR"`), not a wish for "here".
  if (dir === '') throw new UsageError('the folder name is empty: give one (feedwright init my-site), or none for the current folder');
  const written = await initSite(dir, STARTER);
  for (const path of written) console.log(`created ${path}`);
  // The hint must work when pasted into a shell: quoted, and never taken for an option.
  const cd = resolve(dir) === process.cwd() ? '' : `cd ${posixShellWord(dir.startsWith('-') ? `./${dir}` : dir)} && `;
  console.log(`next: ${cd}feedwright build   (or: feedwright serve, to preview with live reload)`);
  return 0;
}
