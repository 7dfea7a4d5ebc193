// Apart from the mail commands so that `feedwright --help` does not load the mail stack.

export const MAIL_HELP = `Usage:
  feedwright mail preview <digest> [--date YYYY-MM-DD] [--to ADDRESS] [--file OUT.eml]
      Write the exact e-mail of the latest (or --date) issue as .eml (default <digest>-<date>.eml).
  feedwright mail send <digest> [--date YYYY-MM-DD] [--dry-run] [--json]
      Mail a published issue to its confirmed subscribers; a re-run never mails anyone twice. Exit 0 when
      nothing is left to do (a permanently refused address is reported, code recipient-refused), 3 when a
      re-run would retry a temporary failure (send-retry-pending) or another send holds the issue (lease-held),
      and once when the last of 3 attempts fails for a temporary reason (send-attempts-exhausted).
      --json: one object, "ok" false whenever the exit code is not 0.
  feedwright mail serve [--host 127.0.0.1] [--port 8787]
      Serve the subscribe / confirm / unsubscribe endpoints locally (same handler as the Lambda function URL).
Mail goes through FEEDWRIGHT_SMTP_URL=smtp://host:port when set, otherwise Amazon SES v2.
Secrets: FEEDWRIGHT_EMAIL_SECRET (token key, 32+ characters); FEEDWRIGHT_EMAIL_BASE_URL overrides email.baseUrl.
Options: --config FILE, --out LOCATION, --state LOCATION (as for build: default FEEDWRIGHT_STATE, else config
\`state\`; never overlapping the output or the input)
      Examples:
        feedwright mail preview daily --to me@example.org
        feedwright mail send daily --dry-run             # who would get the latest issue
        FEEDWRIGHT_EMAIL_SECRET=… feedwright mail serve --port 8787
`;

export const SUBSCRIBERS_HELP = `Usage:
  feedwright subscribers add <digest> <address>… [--source TEXT]
      Add confirmed subscribers; you vouch for their consent, recorded with --source (default "operator").
  feedwright subscribers remove <digest> <address>…
      Forget addresses (bounced and complained ones are kept so they are never mailed again).
  feedwright subscribers list <digest> [--json]
  feedwright subscribers import <digest> <file.csv> [--source TEXT]
      Rows: address[,source[,consent time]]; a first row without "@" is a header.
add, remove and import are all or nothing: one invalid address (or CSV row) changes nothing; each one is
named (file:line for a CSV), code invalid-address, exit 2. So is a consent time in the future (invalid-csv),
and for remove an address not on the list (not-subscribed).
Options: --config FILE, --out LOCATION, --state LOCATION (where subscribers are kept: the state store, found
and checked as for build; never overlapping the output or the input)
      Examples:
        feedwright subscribers add daily ann@example.org --source "signed up at the fair"
        feedwright subscribers import daily list.csv
        feedwright subscribers list daily --json
`;
