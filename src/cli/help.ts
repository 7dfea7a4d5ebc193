import { MAIL_HELP, SUBSCRIBERS_HELP } from './mail-help.js';

export type CommandName = 'init' | 'build' | 'serve' | 'digest' | 'summarize' | 'invoke' | 'subscribers' | 'mail';

const LOCATIONS = `      --input DIR|s3://B/P  where articles are read (default: config \`input\`, else seeds)
      --out DIR|s3://B/P    where the site is written (default: config \`out\`, else public)
      --state DIR|s3://B/P  where the private state is kept, never inside --out (default: FEEDWRIGHT_STATE,
                            else config \`state\`, else .feedwright-state/<name> beside a local output, or
                            s3://B/feedwright-state/P)
      --config FILE         feedwright.config.yaml|.yml|.json (default: the one of these in the current folder)`;

const REPORT = `      --json                print the run report as one JSON object on stdout (for scripts and CI); a
                            failure too: {"ok":false,"exitCode","code","message",...}
  -q, --quiet               print nothing but errors`;

const COMMAND_HELP: Record<CommandName, string> = {
  init: `  feedwright init [DIR]
      Write a starter site into DIR (default: the current folder): feedwright.config.yaml with comments,
      two sample articles in articles/, and a .gitignore for the output and the private state. Never
      overwrites a file, and refuses (creating nothing) when any config file name is already there.
      Examples:
        feedwright init my-site && cd my-site && feedwright build
        feedwright init                       # here`,
  serve: `  feedwright serve [INPUT] [--port N] [--input DIR] [--out DIR] [--config FILE] [--open] [--quiet]
      Build into a temporary folder (or --out) with the base URL set to http://127.0.0.1:N/, serve it on
      127.0.0.1, rebuild when an article or the config changes, and reload open pages. Ctrl-C stops.
      Reload code is added to served pages only, never to built files.
      INPUT, --input DIR    the articles folder (default: config \`input\`, else seeds)
      --out DIR             build here instead of a temporary folder: a new or empty folder, or one an
                            earlier serve made (anything else is refused; the state stays temporary)
      --config FILE         feedwright.config.yaml|.yml|.json (default: the one of these here)
      -p, --port N          port on 127.0.0.1 (default 4000; 0 = any free port)
      --open                open the site in the default browser
      -q, --quiet           print only the address and errors
      Examples:
        feedwright serve
        feedwright serve my-articles --port 8080 --open`,
  build: `  feedwright build [INPUT] [--input ..] [--out ..] [--state ..] [--config FILE] [--strict] [--dry-run] [--force]
                   [--skip-digests] [--allow-mass-delete] [--rebuild-state] [--json | --quiet]
      Read every article in the input, write feeds, article pages, index.html and feeds.opml to the output,
      then issue every configured digest due now (skip with --skip-digests).
      Only objects whose bytes changed are written. INPUT is the same as --input.
${LOCATIONS}
      --strict              exit with status 1 if any article is rejected (default: report and go on)
      --dry-run             compute everything, write nothing, list each object it would write or delete
      --force               rewrite every object even if unchanged
      --skip-digests        publish the site only
      --allow-mass-delete   let this run remove most (or all) published articles; without it such a run
                            changes nothing and exits non-zero (a typo in --input must not empty the site)
      --rebuild-state       rebuild the state from the sources and the published output (after a corrupt
                            or lost state), keeping the first-seen dates the published feeds show
${REPORT}
      Examples:
        feedwright build my-articles
        feedwright build --dry-run                      # list what would change
        feedwright build --input s3://b/in/ --out s3://b/site/ --json`,
  digest: `  feedwright digest <id> [--at ISO-TIME] [--since ISO-TIME] [--input ..] [--out ..] [--state ..] [--config FILE]
                   [--dry-run] [--force] [--send] [--json | --quiet]
      Issue the digest <id> (from the config; defaults: daily, weekly) due at --at (default: now).
      Re-issuing the same time rewrites nothing.
      --at ISO-TIME         issue for this instant, e.g. 2026-11-27T07:00:00Z (not later than now)
      --since ISO-TIME      backfill every missed issue after this time (from 1970; at most 400 issues per run)
      --send                then mail each issue this run made, and each whose send was interrupted, to the
                            confirmed subscribers (none made: also the newest); with --dry-run, list who would
                            get what; the mail settings are checked before anything is written; --json adds
                            the send reports as "send", --quiet prints only failed addresses (stderr)
${LOCATIONS}
      --dry-run             compute everything, write nothing, list each object it would write
      --force               rewrite every object even if unchanged
${REPORT}
      Names each issue written, or says why none was due.
      Examples:
        feedwright digest daily
        feedwright digest weekly --since 2026-01-01T00:00:00Z    # backfill
        feedwright digest daily --send --dry-run                 # who would get which issue`,
  summarize: `  feedwright summarize [--sentences N | --words N] [--title TEXT] [--lang TAG] [--out FILE]
      Read one article as plain text on stdin, as the build reads a .txt, print its summary (or write
      it to --out) with the build's defaults (60 words, at most 3 sentences). --lang (BCP 47, e.g. de, pt-BR) picks English
      stemming or the language-neutral method; default en, as the build's site.language.
  feedwright summarize --jsonl IN.jsonl [--out OUT.jsonl] [--sentences N | --words N] [--lang TAG]
      Read lines {"id", "article", "title"?, "lang"?}, write lines {"id", "summary"} in the same order
      (stdout without --out). A bad line (not UTF-8, bad JSON, a lang that is not BCP 47, an article the build would reject) is
      reported by number and skipped; the others are summarized, then exit 1. --out is written whole at the end (a temp file renamed), never the input; /dev/stdout, a pipe or a FIFO is written as a stream.
      Examples:
        feedwright summarize --words 40 < article.txt
        feedwright summarize --jsonl articles.jsonl --out summaries.jsonl --sentences 3`,
  invoke: `  feedwright invoke <publish|digest|run> [--data JSON] [--config FILE]
      Run a Lambda handler locally with the given event, print its result. It reads the same config
      file as \`feedwright build\` (--config, else feedwright.config.yaml here); locations come from
      FEEDWRIGHT_INPUT / FEEDWRIGHT_OUT / FEEDWRIGHT_STATE, else the config's input and out.
      Events: publish {"dryRun"?} (or the EventBridge scheduled event), digest {"digest","time"?,"dryRun"?},
      run (see README); unknown keys are refused. A refused event prints
      {"ok":false,"error":"ValidationError","code",...} and exits 2.
      Examples:
        feedwright invoke run --data '{"action":"publish","dryRun":true}'
        feedwright invoke publish --data '{"dryRun":true}'
        feedwright invoke digest --data '{"digest":"daily","time":"2026-11-27T07:00:00Z"}'`,
  subscribers: SUBSCRIBERS_HELP.replace(/^Usage:\n/, '').trimEnd(),
  mail: MAIL_HELP.replace(/^Usage:\n/, '').trimEnd(),
};

const COMMON = `Common options:
  -h, --help      show this help (\`feedwright <command> --help\` for one command)
  -V, --version   print the version
  FEEDWRIGHT_DEBUG=1 prints the stack trace of an unexpected error. NO_COLOR is respected; a progress
  spinner appears on a terminal for runs over a second, never in pipes or CI.
  FEEDWRIGHT_CONTENT_IN_MEMORY=N: a run with more than N changed articles (default 20000) keeps no
  article HTML between parsing and rendering; each page reads its source again (flat memory, more CPU).

Exit codes (an error's line ends with its stable code, e.g. "(code: input-missing)"):
  0   done (rejected articles are listed, not fatal)
  1   a guard refused the run (e.g. mass-delete-refused), a strict build rejected an article, or
      summarize skipped a bad JSONL line (each one reported)
  2   usage, config, location or payload mistake, or no command (usage, invalid-config, input-missing,
      invalid-payload, ...)
  3   storage or state trouble: retry, or an operator acts (storage, corrupt-state, lease-held, ...)
  70  a bug in feedwright (internal-error)

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
