import { MAIL_HELP } from './mail-command.js';
import { SUBSCRIBERS_HELP } from './subscribers-command.js';

export type CommandName = 'build' | 'digest' | 'summarize' | 'invoke' | 'subscribers' | 'mail';

const LOCATIONS = `      --input DIR|s3://B/P   where articles are read (default: config \`input\`, else seeds)
      --out DIR|s3://B/P     where the site is written (default: config \`out\`, else public)
      --state DIR|s3://B/P   where the private state is kept, never inside --out (default: config \`state\`,
                             else .feedwright-state/<name> beside a local output, or s3://B/feedwright-state/P)
      --config FILE          feedwright.config.yaml|.yml|.json (default: the first of these in the current folder)`;

const COMMAND_HELP: Record<CommandName, string> = {
  build: `  feedwright build [--input ..] [--out ..] [--state ..] [--config FILE] [--strict] [--dry-run] [--force]
                   [--skip-digests] [--allow-mass-delete] [--rebuild-state]
      Read every article in the input, write feeds, article pages, index.html and feeds.opml to the output,
      then issue every configured digest due now (skip with --skip-digests).
      Only objects whose bytes changed are written.
${LOCATIONS}
      --strict              exit with status 1 if any article is rejected (default: report and go on)
      --dry-run             compute everything, write nothing, list what would be written
      --force               rewrite every object even if unchanged
      --skip-digests        publish the site only
      --allow-mass-delete   let this run remove most (or all) published articles; without it such a run
                            changes nothing and exits non-zero (a typo in --input must not empty the site)
      --rebuild-state       rebuild the state from the sources and the published output (after a corrupt
                            or lost state), keeping the first-seen dates the published feeds show`,
  digest: `  feedwright digest <id> [--at ISO-TIME] [--since ISO-TIME] [--input ..] [--out ..] [--state ..] [--config FILE]
                   [--dry-run] [--force]
      Issue the digest <id> (from the config; defaults: daily, weekly) due at --at (default: now).
      Re-issuing the same time rewrites nothing.
      --at ISO-TIME         issue for this instant, e.g. 2026-11-27T07:00:00Z
      --since ISO-TIME      backfill every missed issue after this time (from 1970; at most 400 issues per run)
${LOCATIONS}
      --dry-run             compute everything, write nothing
      --force               rewrite every object even if unchanged`,
  summarize: `  feedwright summarize [--sentences N | --words N] [--title TEXT]
      Read one article as plain text on stdin, print its summary.
  feedwright summarize --jsonl IN.jsonl [--out OUT.jsonl] [--sentences N | --words N]
      Read lines {"id", "article", "title"?}, write lines {"id", "summary"} in the same order (stdout
      without --out).`,
  invoke: `  feedwright invoke <publish|digest|run> [--data JSON]
      Run a Lambda handler locally with the given event, print its result. Locations come from
      FEEDWRIGHT_INPUT / FEEDWRIGHT_OUT / FEEDWRIGHT_STATE (default: seeds, public, .feedwright-state/public).
      Example: feedwright invoke run --data '{"action":"publish","dryRun":true}'`,
  subscribers: SUBSCRIBERS_HELP.replace(/^Usage:\n/, '').trimEnd(),
  mail: MAIL_HELP.replace(/^Usage:\n/, '').trimEnd(),
};

const COMMON = `Common options:
  -h, --help      show this help (\`feedwright <command> --help\` for one command)
  FEEDWRIGHT_DEBUG=1 prints the stack trace of an unexpected error.

S3 locations use the AWS SDK's usual credentials and region; set AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL)
for S3-compatible servers (MinIO, R2, ...).`;

export const COMMAND_NAMES = Object.keys(COMMAND_HELP) as CommandName[];

export const HELP = `feedwright — publish articles as RSS 2.0, Atom 1.0 and JSON Feed 1.1, with pages, an index and digests

Usage:
${COMMAND_NAMES.map((name) => COMMAND_HELP[name]).join('\n\n')}

${COMMON}
`;

/** One command's usage and flags only. */
export function commandHelp(command: CommandName): string {
  return `Usage:\n${COMMAND_HELP[command]}\n\n${COMMON}\n`;
}
