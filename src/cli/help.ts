export const HELP = `feedwright — publish articles as RSS 2.0, Atom 1.0 and JSON Feed 1.1, with pages, an index and digests

Usage:
  feedwright build [--input DIR|s3://B/P] [--out DIR|s3://B/P] [--config FILE] [--strict] [--dry-run] [--force] [--skip-digests]
      Read every article in the input, write feeds, article pages, index.html and feeds.opml to the output,
      then issue every configured digest due now (skip with --skip-digests).
      Only objects whose bytes changed are written. Defaults: --input seeds, --out public.
      --strict    exit with status 1 if any article is rejected (default: report and go on)
      --dry-run   compute everything, write nothing, list what would be written
      --force     rewrite every object even if unchanged

  feedwright digest <id> [--at ISO-TIME] [--since ISO-TIME] [--input ..] [--out ..] [--config FILE] [--dry-run] [--force]
      Issue the digest <id> (from the config; defaults: daily, weekly) due at --at (default: now).
      Re-issuing the same time rewrites nothing. --since backfills every missed issue after that time.

  feedwright summarize [--sentences N | --words N] [--title TEXT]
      Read one article as plain text on stdin, print its summary.
  feedwright summarize --jsonl IN.jsonl --out OUT.jsonl [--sentences N | --words N]
      Read lines {"id", "article", "title"?}, write lines {"id", "summary"} in the same order.

  feedwright invoke <publish|digest|run> [--data JSON]
      Run a Lambda handler locally with the given event, print its result.
      Example: feedwright invoke run --data '{"action":"publish","dryRun":true}'

Common options:
  --config FILE   feedwright.config.yaml|.yml|.json (default: the first of these in the current folder)
  -h, --help      show this help

S3 locations use the AWS SDK's usual credentials and region; set AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL)
for S3-compatible servers (MinIO, R2, ...).
`;
