import { writeFile } from 'node:fs/promises';
import { systemClock } from '../clock/clock.js';
import { composeMime } from '../email/index.js';
import { createLifecycleServer } from '../mail-endpoints/index.js';
import { createMailTransport } from '../mail-transport/index.js';
import { issueMessage, planIssueLayout, readPublishedIssue, resolveMailSettings, sendDigestIssue } from '../mailing/index.js';
import { listen } from '../serve/listen.js';
import { normalizeAddress, subscriberId } from '../subscribers/index.js';
import { loadMailContext, locationFlags, MailUsageError, reportErrors } from './mail-cli-support.js';
import { asksForJson } from './report-failure.js';
import { parseFlags } from './flags.js';
import { PortFlag } from './port-flag.js';
import { PreviewFileError } from './preview-file-error.js';
import { commandHelp } from './help.js';
import { printSendReport, sendExitCode, sendReportJson } from './send-report.js';

const logger = {
  info(message: string, data?: Record<string, unknown>) {
    console.error(`${message}${data ? ` ${JSON.stringify(data)}` : ''}`);
  },
  warn(message: string, data?: Record<string, unknown>) {
    console.error(`warning: ${message}${data ? ` ${JSON.stringify(data)}` : ''}`);
  },
};

/** `feedwright mail …`: preview, send and serve the e-mail side of digests. */
export function runMail(args: string[]): Promise<number> {
  return reportErrors('mail', async () => {
    const { values, positionals } = parseFlags('mail', args, {
      ...locationFlags,
      date: { type: 'string' },
      to: { type: 'string' },
      file: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      host: { type: 'string' },
      port: { type: 'string' },
    }, Number.POSITIVE_INFINITY);
    const [action, digestId] = positionals;
    if (values.help || !action) return (console.log(commandHelp('mail')), values.help ? 0 : 2);
    const date = values.date as string | undefined;
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new MailUsageError(`--date: expected YYYY-MM-DD (got ${JSON.stringify(date)})`);
    const context = await loadMailContext(values);
    switch (action) {
      case 'preview': {
        if (!digestId) throw new MailUsageError('mail preview: which digest?');
        const settings = resolveMailSettings(context.config, digestId, context.mail);
        const issue = await readPublishedIssue(context.output, digestId, date);
        const { layout, bytes } = await planIssueLayout(settings, issue);
        const address = normalizeAddress((values.to as string | undefined) ?? 'subscriber@example.org');
        const eml = await composeMime(issueMessage(settings, issue, layout, { address, id: subscriberId(address) }));
        const file = (values.file as string | undefined) ?? `${digestId}-${issue.date}.eml`;
        try {
          await writeFile(file, eml);
        } catch (cause) {
          throw new PreviewFileError(file, { cause });
        }
        console.log(`${file}: ${eml.length} bytes (planned ${bytes}), ${layout.full} article(s) in full, ${layout.linked} as links`);
        return 0;
      }
      case 'send': {
        if (!digestId) throw new MailUsageError('mail send: which digest?');
        const transport = createMailTransport();
        try {
          const report = await sendDigestIssue(
            { ...context, transport, clock: systemClock, log: logger },
            { digestId, ...(date ? { date } : {}), dryRun: values['dry-run'] === true },
          );
          const exitCode = sendExitCode([report]);
          if (values.json === true) console.log(JSON.stringify({ ok: exitCode === 0, exitCode, ...sendReportJson(report) }));
          else printSendReport(report);
          return exitCode;
        } finally {
          await transport.close?.();
        }
      }
      case 'serve': {
        const host = (values.host as string | undefined) ?? '127.0.0.1';
        const parsedPort = PortFlag.safeParse((values.port as string | undefined) ?? '8787');
        if (!parsedPort.success) throw new MailUsageError(`--port: ${parsedPort.error.issues[0]?.message ?? 'not a port'} (got ${JSON.stringify(values.port)})`);
        const port = parsedPort.data;
        const endpointsUrl = context.mail.endpointsUrl ?? context.config.email?.baseUrl ?? `http://${host}:${port}/`;
        // Checked before listening: without a token key every request would answer 500.
        for (const digest of context.config.digests) resolveMailSettings(context.config, digest.id, { ...context.mail, endpointsUrl });
        const server = createLifecycleServer({
          config: context.config,
          subscribers: context.subscribers,
          transport: createMailTransport(),
          clock: systemClock,
          log: logger,
          mail: { ...context.mail, endpointsUrl },
        });
        await listen(server, port, host);
        console.log(`serving subscribe/confirm/unsubscribe on http://${host}:${port}/ (links in mails point to ${endpointsUrl}); Ctrl-C stops`);
        await new Promise<void>((resolve) => server.once('close', resolve));
        return 0;
      }
      default:
        throw new MailUsageError(`mail: unknown action ${JSON.stringify(action)} (preview, send, serve)`);
    }
  }, asksForJson(args));
}
