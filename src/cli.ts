import { readFile, writeFile } from 'node:fs/promises';
import * as z from 'zod';
import { type Flags, type FlagSpec, flagValue, parseFlags, stringFlag } from './cli/flags.js';
import { type CommandName, COMMAND_NAMES, commandHelp, HELP } from './cli/help.js';
import { buildSite, type BuildResult } from './cli/build-site.js';
import { initSite } from './cli/init-command.js';
import { issuesWritten, type OutputMode, reportLines } from './cli/print-report.js';
import { startProgress } from './cli/progress.js';
import { runServe } from './cli/serve-command.js';
import { didYouMean } from './cli/suggest.js';
import { VERSION } from './cli/version.js';
import { failureOutput } from './cli/report-failure.js';
import { createSiteDeps, resolveLocations, type SiteDeps } from './cli/site-deps.js';
import { UsageError } from './cli/usage-error.js';
import { withSend } from './cli/digest-send.js';
import { runMail } from './cli/mail-command.js';
import { runSubscribers } from './cli/subscribers-command.js';
import { systemClock } from './clock/clock.js';
import type { Config } from './config/config.js';
import { loadConfigFile } from './config/load-config-file.js';
import { LanguageTagSchema } from './articles/language-tag.js';
import { DigestIdSchema, issueDigest } from './digest/index.js';
import { truncateForLog } from './errors/index.js';
import type { Logger } from './publish/logger.js';
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

const outputFlags = {
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} satisfies FlagSpec;

function outputMode(values: Flags): OutputMode {
  if (values.json && values.quiet) throw new UsageError('give --json or --quiet, not both');
  return values.json ? 'json' : values.quiet ? 'quiet' : 'text';
}

/** A positional input folder is the same as --input; both at once is a mistake, not a silent choice. */
function withPositionalInput(values: Flags, positionals: string[]): Flags {
  const folder = positionals[0];
  if (folder === undefined) return values;
  if (values.input !== undefined) throw new UsageError(`give the input once: ${JSON.stringify(truncateForLog(folder, 60))} or --input, not both`);
  return { ...values, input: folder };
}

async function runBuild(args: string[]): Promise<number> {
  const parsed = parseFlags('build', args, {
    ...locationFlags,
    ...outputFlags,
    strict: { type: 'boolean' },
    'skip-digests': { type: 'boolean' },
    'allow-mass-delete': { type: 'boolean' },
    'rebuild-state': { type: 'boolean' },
  }, 1);
  if (parsed.help) return (console.log(commandHelp('build')), 0);
  const mode = outputMode(parsed.values);
  const values = withPositionalInput(parsed.values, parsed.positionals);
  const { config, deps } = await siteDeps(values);
  const progress = startProgress('building', mode === 'text');
  let result: BuildResult;
  try {
    result = await buildSite(config, deps, {
      dryRun: values['dry-run'] === true,
      force: values.force === true,
      allowMassDelete: values['allow-mass-delete'] === true,
      rebuildState: values['rebuild-state'] === true,
      skipDigests: values['skip-digests'] === true,
    });
  } finally {
    progress.stop();
  }
  const { publish: report, digests, digestFailures } = result;
  for (const { id, error } of digestFailures) console.error(`feedwright build: digest ${id}: ${error.message}`);
  const exitCode = Math.max(0, ...digestFailures.map((f) => f.error.exitCode), values.strict && report.rejected.length > 0 ? 1 : 0);
  const context = { input: deps.input.description, output: deps.output.description };
  if (mode === 'json') {
    console.log(JSON.stringify({
      ok: exitCode === 0,
      exitCode,
      input: context.input,
      output: context.output,
      publish: report,
      digests: digests.map(({ id, report: r }) => ({ id, issues: issuesWritten(r), ...r })),
      digestFailures: digestFailures.map(({ id, error }) => ({ id, code: error.code, message: error.message })),
    }));
  } else if (mode === 'text') {
    console.log(reportLines(report, context).join('\n'));
    for (const { id, report: r } of digests) console.log(reportLines(r, { ...context, digestId: id, at: result.at }).join('\n'));
  }
  return exitCode;
}

async function runDigest(args: string[]): Promise<number> {
  const { values, positionals, help } = parseFlags('digest', args, { ...locationFlags, ...outputFlags, at: { type: 'string' }, since: { type: 'string' } }, 1);
  if (help) return (console.log(commandHelp('digest')), 0);
  const mode = outputMode(values);
  if (positionals[0] === undefined) throw new UsageError('which digest? e.g. `feedwright digest daily`');
  const digestId = flagValue(DigestIdSchema, positionals[0], 'digest id');
  const at = values.at === undefined ? undefined : flagValue(IsoTime, values.at, '--at');
  const since = values.since === undefined ? undefined : flagValue(SinceTime, values.since, '--since');
  if (at && since && since.getTime() >= at.getTime()) throw new UsageError('--since must be before --at');
  const { deps } = await siteDeps(values);
  const when = at ?? deps.clock();
  const progress = startProgress(`digest ${digestId}`, mode === 'text');
  let report: RunReport;
  try {
    report = await issueDigest(deps, {
      digestId,
      at: when,
      ...(since ? { since } : {}),
      dryRun: values['dry-run'] === true,
      force: values.force === true,
    });
  } finally {
    progress.stop();
  }
  if (mode === 'json') console.log(JSON.stringify({ ok: true, exitCode: 0, digest: digestId, at: when.toISOString(), issues: issuesWritten(report), ...report }));
  else if (mode === 'text') console.log(reportLines(report, { input: deps.input.description, output: deps.output.description, digestId, at: when }).join('\n'));
  return 0;
}

async function runInit(args: string[]): Promise<number> {
  const { positionals, help } = parseFlags('init', args, {}, 1);
  if (help) return (console.log(commandHelp('init')), 0);
  const dir = positionals[0] ?? '.';
  const written = await initSite(dir);
  for (const path of written) console.log(`created ${path}`);
  const cd = dir === '.' ? '' : `cd ${dir} && `;
  console.log(`next: ${cd}feedwright build   (or: feedwright serve, to preview with live reload)`);
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
    lang: { type: 'string' },
  }, 0);
  if (help) return (console.log(commandHelp('summarize')), 0);
  if (values.sentences !== undefined && values.words !== undefined) throw new UsageError('give --sentences or --words, not both');
  const budget = {
    ...(values.sentences !== undefined ? { sentences: flagValue(PositiveInt, values.sentences, '--sentences') } : {}),
    ...(values.words !== undefined ? { words: flagValue(PositiveInt, values.words, '--words') } : {}),
  };
  const langFlag = stringFlag(values, 'lang');
  // The same BCP 47 rule as articles and the config: an unknown tag is a usage error, not a silent fallback.
  const lang = langFlag === undefined ? undefined : flagValue(LanguageTagSchema, langFlag, '--lang');
  const jsonl = stringFlag(values, 'jsonl');
  if (jsonl !== undefined) {
    const output = summarizeJsonl(await readJsonlFile(jsonl), { ...budget, ...(lang ? { lang } : {}) });
    const out = stringFlag(values, 'out');
    if (out) await writeOutputFile(out, output);
    else process.stdout.write(output);
    return 0;
  }
  const title = stringFlag(values, 'title');
  console.log(summarizeText(await readStdin(), { ...budget, ...(title ? { title } : {}), ...(lang ? { lang } : {}) }));
  return 0;
}

async function runInvoke(args: string[]): Promise<number> {
  const { values, positionals, help } = parseFlags('invoke', args, { data: { type: 'string' }, config: { type: 'string' } }, 1);
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
  const configFile = stringFlag(values, 'config');
  const result = await invokeFunction(name, payload, undefined, configFile ? { env: { ...process.env, FEEDWRIGHT_CONFIG_FILE: configFile } } : {});
  console.log(JSON.stringify(result, null, 2));
  return typeof result === 'object' && result !== null && 'ok' in result && result.ok === false ? 1 : 0;
}

const COMMANDS: Record<CommandName, (args: string[]) => Promise<number>> = {
  init: runInit,
  build: runBuild,
  serve: (args) => runServe(args),
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
  if (command === '--version' || command === '-V' || command === 'version') {
    console.log(VERSION);
    return 0;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 1;
  }
  if (!isCommand(command)) {
    const hint = didYouMean(command, command.startsWith('-') ? ['--help', '--version'] : COMMAND_NAMES);
    console.error(`feedwright: unknown command ${JSON.stringify(truncateForLog(command, 60))}${hint} (commands: ${COMMAND_NAMES.join(', ')}; see feedwright --help)`);
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
