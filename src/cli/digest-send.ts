import { systemClock } from '../clock/clock.js';
import { createMailTransport } from '../mail-transport/index.js';
import { sendDigestIssue } from '../mailing/index.js';
import { loadMailContext, reportErrors } from './mail-cli-support.js';
import { parseFlags } from './flags.js';
import { printSendReport } from './send-report.js';

type Command = (args: string[]) => Promise<number>;

const logger = { info() {}, warn: (message: string) => console.error(`warning: ${message}`) };

/**
 * `feedwright digest <id> --send [--dry-run]`: issues the digest as `digest` does, then mails the newest
 * issue to its confirmed subscribers (or, with --dry-run, lists who would get what). Without --send the
 * digest command runs untouched.
 */
export function withSend(runDigest: Command): Command {
  return async (args) => {
    if (!args.includes('--send')) return runDigest(args);
    const rest = args.filter((a) => a !== '--send');
    const issued = await runDigest(rest);
    if (issued !== 0) return issued;
    return reportErrors('digest --send', async () => {
      const { values, positionals } = parseFlags('digest', rest, {
        input: { type: 'string' },
        out: { type: 'string' },
        config: { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        at: { type: 'string' },
        since: { type: 'string' },
      }, Number.POSITIVE_INFINITY);
      const digestId = positionals[0] ?? '';
      const context = await loadMailContext(values);
      const transport = createMailTransport();
      try {
        const report = await sendDigestIssue({ ...context, transport, clock: systemClock, log: logger }, { digestId, dryRun: values['dry-run'] === true });
        printSendReport(report);
        return report.failed.length > 0 || !report.complete ? 1 : 0;
      } finally {
        await transport.close?.();
      }
    });
  };
}
