import { systemClock } from '../clock/clock.js';
import { createMailTransport } from '../mail-transport/index.js';
import type { DigestIssue } from '../digest/index.js';
import { sendDigestIssue } from '../mailing/index.js';
import { loadMailContext, reportErrors } from './mail-cli-support.js';
import { parseFlags } from './flags.js';
import { printSendReport } from './send-report.js';

type Command = (args: string[]) => Promise<number>;
type DigestCommand = (args: string[], onIssue: (issue: DigestIssue) => void) => Promise<number>;

const logger = { info() {}, warn: (message: string) => console.error(`warning: ${message}`) };

/**
 * `feedwright digest <id> --send [--dry-run]`: issues the digest as `digest` does, then mails each issue
 * that run made, oldest first (a catch-up run makes several), or the newest published one when it made
 * none (a re-run resumes an interrupted send); with --dry-run, lists who would get what, also for issues
 * the run would make. Without --send the digest command runs untouched.
 */
export function withSend(runDigest: DigestCommand): Command {
  return async (args) => {
    const made: DigestIssue[] = [];
    if (!args.includes('--send')) return runDigest(args, () => undefined);
    const rest = args.filter((a) => a !== '--send');
    const issued = await runDigest(rest, (issue) => made.push(issue));
    if (issued !== 0) return issued;
    return reportErrors('digest --send', async () => {
      const { values, positionals } = parseFlags('digest', rest, {
        input: { type: 'string' },
        out: { type: 'string' },
        state: { type: 'string' },
        config: { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        at: { type: 'string' },
        since: { type: 'string' },
      }, Number.POSITIVE_INFINITY);
      const digestId = positionals[0] ?? '';
      const context = await loadMailContext(values);
      const transport = createMailTransport();
      const dryRun = values['dry-run'] === true;
      try {
        let code = 0;
        for (const issue of made.length > 0 ? made : [undefined]) {
          const only = issue === undefined ? {} : { date: issue.date, ...(dryRun ? { issue } : {}) };
          const report = await sendDigestIssue({ ...context, transport, clock: systemClock, log: logger }, { digestId, dryRun, ...only });
          printSendReport(report);
          if (report.failed.length > 0 || !report.complete) code = 1;
        }
        return code;
      } finally {
        await transport.close?.();
      }
    });
  };
}
