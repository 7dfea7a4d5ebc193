import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { systemClock } from '../clock/clock.js';
import { findDigest } from '../digest/index.js';
import { addSubscribers, parseSubscriberCsv, removeSubscribers } from '../mailing/index.js';
import { commandHelp } from './help.js';
import { loadMailContext, locationFlags, MailUsageError, reportErrors } from './mail-cli-support.js';
import { parseFlags } from './flags.js';

/** `feedwright subscribers …`: the operator's side of the subscriber store. */
export function runSubscribers(args: string[]): Promise<number> {
  return reportErrors('subscribers', async () => {
    const { values, positionals } = parseFlags('subscribers', args, { ...locationFlags, source: { type: 'string' }, json: { type: 'boolean' } }, Number.POSITIVE_INFINITY);
    const [action, digestId, ...rest] = positionals;
    if (values.help || !action) return (console.log(commandHelp('subscribers')), values.help ? 0 : 2);
    if (!digestId) throw new MailUsageError(`subscribers ${action}: which digest? e.g. \`feedwright subscribers ${action} daily …\``);
    const context = await loadMailContext(values);
    const deps = { ...context, clock: systemClock };
    const source = (values.source as string | undefined) ?? 'operator';
    switch (action) {
      case 'add':
      case 'import': {
        let entries;
        if (action === 'add') {
          if (rest.length === 0) throw new MailUsageError('subscribers add: give at least one address');
          entries = rest.map((address) => ({ address, source: `operator: ${source}` }));
        } else {
          const file = rest[0];
          if (!file || rest.length > 1) throw new MailUsageError('subscribers import: give one CSV file');
          const fallback = `import: ${values.source ? source : path.basename(file)}`;
          entries = parseSubscriberCsv(await readFile(file, 'utf8'), file, fallback, deps.clock());
        }
        const result = await addSubscribers(deps, digestId, entries);
        console.log(`${digestId}: ${result.added.length} added, ${result.unchanged.length} already confirmed, ${result.suppressed.length} suppressed (bounced/complained)`);
        for (const address of result.suppressed) console.log(`  not added (suppressed): ${address}`);
        return 0;
      }
      case 'remove': {
        if (rest.length === 0) throw new MailUsageError('subscribers remove: give at least one address');
        const result = await removeSubscribers(deps, digestId, rest);
        console.log(`${digestId}: ${result.removed.length} removed${result.kept.length > 0 ? `, ${result.kept.length} kept as suppressed` : ''}`);
        return 0;
      }
      case 'list': {
        findDigest(context.config, digestId);
        const all = await context.subscribers.list(digestId);
        if (values.json) console.log(JSON.stringify(all, null, 2));
        else for (const s of all) console.log(`${s.status.padEnd(12)} ${s.address}  (${s.source}${s.consentAt ? `, consent ${s.consentAt}` : ''})`);
        return 0;
      }
      default:
        throw new MailUsageError(`subscribers: unknown action ${JSON.stringify(action)} (add, remove, list, import)`);
    }
  });
}
