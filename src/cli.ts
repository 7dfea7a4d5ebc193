import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { type Flags, type FlagSpec, flagValue, parseFlags, stringFlag } from './cli/flags.js';
import { type CommandName, COMMAND_NAMES, commandHelp, HELP } from './cli/help.js';
import { printReport } from './cli/print-report.js';
import { failureOutput } from './cli/report-failure.js';
import { createSiteDeps, resolveLocations, type SiteDeps } from './cli/site-deps.js';
import { UsageError } from './cli/usage-error.js';
import { withSend } from './cli/digest-send.js';
import { runMail } from './cli/mail-command.js';
import { runSubscribers } from './cli/subscribers-command.js';
import { systemClock } from './clock/clock.js';
import type { Config } from './config/config.js';
import { loadConfigFile } from './config/load-config-file.js';
import { DigestIdSchema, issueDigest } from './digest/index.js';
import { DigestStateError } from './digest/digest-state.js';
import { IssueParseError } from './digest/render-json.js';
import { FeedwrightError, truncateForLog } from './errors/index.js';
import type { Logger } from './publish/logger.js';
import { publishSite } from './publish/publish.js';
import type { RunReport } from './publish/run-report.js';
import { summarizeJsonl, SummarizeFileError, summarizeText } from './summarize/summarize-command.js';

const cliLogger: Logger = {
  info() {},
  warn() {},
};

const IsoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
// Same floor as the digest windows; checked here so the flag is named in the message.
const SinceTime = IsoTime.refine((d) => d.getTime() >= 0, 'must not be before 1970-01-01');
const PositiveInt = z.coerce.number().int().positive();

const locationFlags = {
  input: { type: 'string' },
  out: { type: 'string' },
  state: { type: 'string' },
  config: { type: 'string' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
} satisfies FlagSpec;

async function siteDeps(values: Flags): Promise<{ config: Config; deps: SiteDeps }> {
  const { config } = await loadConfigFile(stringFlag(values, 'config'));
  const locations = resolveLocations(config, {
    input: stringFlag(values, 'input'),
    out: stringFlag(values, 'out'),
    state: stringFlag(values, 'state'),
  });
  return { config, deps: createSiteDeps(config, locations, systemClock, cliLogger) };
}

async function runBuild(args: string[]): Promise<number> {
  const { values, help } = parseFlags('build', args, {
    ...locationFlags,
    strict: { type: 'boolean' },
    'skip-digests': { type: 'boolean' },
    'allow-mass-delete': { type: 'boolean' },
    'rebuild-state': { type: 'boolean' },
  }, 0);
  if (help) return (console.log(commandHelp('build')), 0);
  const { config, deps } = await siteDeps(values);
  const runOptions = { dryRun: values['dry-run'] === true, force: values.force === true };
  const publishOptions = { ...runOptions, allowMassDelete: values['allow-mass-delete'] === true, rebuildState: values['rebuild-state'] === true };
  const digestReports: { id: string; report: RunReport }[] = [];
  let exitCode = 0;
  // One clock reading for every digest, so they all issue for the same instant.
  const at = deps.clock();
  const issueAll = async () => {
    if (values['skip-digests']) return;
    for (const digest of config.digests) {
      try {
        digestReports.push({ id: digest.id, report: await issueDigest(deps, { digestId: digest.id, at, ...runOptions, rebuildState: publishOptions.rebuildState }) });
      } catch (error) {
        // A digest's own trouble (its state, an issue record) must not keep the site from being published;
        // what would fail the publish too (input, lease, publisher state) stops the run here.
        if (!isDigestOnlyFailure(error)) throw error;
        console.error(`feedwright build: digest ${digest.id}: ${error.message}`);
        exitCode = Math.max(exitCode, error.exitCode);
      }
    }
  };
  let report: RunReport;
  if (publishOptions.rebuildState) {
    // Digests read the publisher state: rebuild it first.
    report = await publishSite(deps, publishOptions);
    await issueAll();
  } else {
    // Digests first, so the site's index and OPML (written by publish) can list every digest feed.
    await issueAll();
    report = await publishSite(deps, publishOptions);
  }
  printReport(report, deps.input.description, deps.output.description);
  for (const { id, report: digestReport } of digestReports) printReport(digestReport, deps.input.description, deps.output.description, id);
  return Math.max(exitCode, values.strict && report.rejected.length > 0 ? 1 : 0);
}

function isDigestOnlyFailure(error: unknown): error is FeedwrightError {
  return error instanceof DigestStateError || error instanceof IssueParseError;
}

async function runDigest(args: string[]): Promise<number> {
  const { values, positionals, help } = parseFlags('digest', args, { ...locationFlags, at: { type: 'string' }, since: { type: 'string' } }, 1);
  if (help) return (console.log(commandHelp('digest')), 0);
  if (positionals[0] === undefined) throw new UsageError('which digest? e.g. `feedwright digest daily`');
  const digestId = flagValue(DigestIdSchema, positionals[0], 'digest id');
  const at = values.at === undefined ? undefined : flagValue(IsoTime, values.at, '--at');
  const since = values.since === undefined ? undefined : flagValue(SinceTime, values.since, '--since');
  if (at && since && since.getTime() >= at.getTime()) throw new UsageError('--since must be before --at');
  const { deps } = await siteDeps(values);
  const report = await issueDigest(deps, {
    digestId,
    ...(at ? { at } : {}),
    ...(since ? { since } : {}),
    dryRun: values['dry-run'] === true,
    force: values.force === true,
  });
  printReport(report, deps.input.description, deps.output.description, digestId);
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readJsonlFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new SummarizeFileError(path, 'read', { cause });
  }
}

async function writeOutputFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (cause) {
    throw new SummarizeFileError(path, 'write', { cause });
  }
}

async function runSummarize(args: string[]): Promise<number> {
  const { values, help } = parseFlags('summarize', args, {
    sentences: { type: 'string' },
    words: { type: 'string' },
    title: { type: 'string' },
    jsonl: { type: 'string' },
    out: { type: 'string' },
  }, 0);
  if (help) return (console.log(commandHelp('summarize')), 0);
  if (values.sentences !== undefined && values.words !== undefined) throw new UsageError('give --sentences or --words, not both');
  const budget = {
    ...(values.sentences !== undefined ? { sentences: flagValue(PositiveInt, values.sentences, '--sentences') } : {}),
    ...(values.words !== undefined ? { words: flagValue(PositiveInt, values.words, '--words') } : {}),
  };
  const jsonl = stringFlag(values, 'jsonl');
  if (jsonl !== undefined) {
    const output = summarizeJsonl(await readJsonlFile(jsonl), budget);
    const out = stringFlag(values, 'out');
    if (out) await writeOutputFile(out, output);
    else process.stdout.write(output);
    return 0;
  }
  const title = stringFlag(values, 'title');
  console.log(summarizeText(await readStdin(), { ...budget, ...(title ? { title } : {}) }));
  return 0;
}

async function runInvoke(args: string[]): Promise<number> {
  const { values, positionals, help } = parseFlags('invoke', args, { data: { type: 'string' } }, 1);
  if (help) return (console.log(commandHelp('invoke')), 0);
  const name = flagValue(z.enum(['publish', 'digest', 'run']), positionals[0], 'invoke <function>');
  let payload: unknown = {};
  const data = stringFlag(values, 'data');
  if (data !== undefined) {
    try {
      payload = JSON.parse(data);
    } catch (error) {
      throw new UsageError(`--data is not valid JSON: ${(error as Error).message}`);
    }
  }
  // Loaded lazily: the handlers pull in the S3 client, which `build` on a local folder does not need.
  const { invokeFunction } = await import('../functions/invoke.js');
  const result = await invokeFunction(name, payload);
  console.log(JSON.stringify(result, null, 2));
  return typeof result === 'object' && result !== null && 'ok' in result && result.ok === false ? 1 : 0;
}

const COMMANDS: Record<CommandName, (args: string[]) => Promise<number>> = {
  build: runBuild,
  digest: withSend(runDigest),
  summarize: runSummarize,
  invoke: runInvoke,
  subscribers: runSubscribers,
  mail: runMail,
};

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 1;
  }
  if (!isCommand(command)) {
    console.error(`feedwright: unknown command ${JSON.stringify(truncateForLog(command, 60))} (commands: ${COMMAND_NAMES.join(', ')}; see feedwright --help)`);
    return 2;
  }
  try {
    return await COMMANDS[command](rest);
  } catch (error) {
    const failure = failureOutput(command, error, env.FEEDWRIGHT_DEBUG === '1');
    for (const line of failure.lines) console.error(line);
    return failure.exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
