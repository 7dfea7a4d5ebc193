import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { withSend } from './cli/digest-send.js';
import { HELP } from './cli/help.js';
import { runMail } from './cli/mail-command.js';
import { printReport } from './cli/print-report.js';
import { runSubscribers } from './cli/subscribers-command.js';
import { systemClock } from './clock/clock.js';
import { type Config, ConfigError } from './config/config.js';
import { loadConfigFile } from './config/load-config-file.js';
import { issueDigest } from './digest/index.js';
import type { Logger } from './publish/logger.js';
import { publishSite } from './publish/publish.js';
import { assertSeparateLocations, createStore } from './storage/index.js';
import { summarizeJsonl, summarizeText } from './summarize/summarize-command.js';
import { FeedwrightError } from './errors/index.js';

class UsageError extends FeedwrightError {
  override readonly name = 'UsageError' as const;
  readonly code = 'usage';
}

const cliLogger: Logger = {
  info() {},
  warn() {},
};

const IsoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const PositiveInt = z.coerce.number().int().positive();

type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type Flags = Record<string, string | boolean | undefined>;

function parse(args: string[], options: FlagSpec): { values: Flags; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
    return { values: parsed.values as Flags, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function field<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${flag}: ${result.error.issues[0]?.message ?? 'invalid value'} (got ${JSON.stringify(value)})`);
  return result.data;
}

const siteFlags = {
  input: { type: 'string' },
  out: { type: 'string' },
  config: { type: 'string' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
} satisfies FlagSpec;

async function siteDeps(values: Flags): Promise<{ config: Config; deps: Parameters<typeof publishSite>[0] }> {
  const { config } = await loadConfigFile(values.config as string | undefined);
  const input = (values.input as string | undefined) ?? config.input;
  const out = (values.out as string | undefined) ?? config.out;
  assertSeparateLocations(input, out);
  return { config, deps: { config, input: createStore(input), output: createStore(out), clock: systemClock, log: cliLogger } };
}

async function runBuild(args: string[]): Promise<number> {
  const { values } = parse(args, { ...siteFlags, strict: { type: 'boolean' }, 'skip-digests': { type: 'boolean' } });
  if (values.help) return (console.log(HELP), 0);
  const { config, deps } = await siteDeps(values);
  const runOptions = { dryRun: values['dry-run'] === true, force: values.force === true };
  // Digests first, so the site's index and OPML (written by publish) can list every digest feed.
  const digestReports = [];
  if (!values['skip-digests']) {
    // One clock reading for every digest, so they all issue for the same instant.
    const at = deps.clock();
    for (const digest of config.digests) digestReports.push(await issueDigest(deps, { digestId: digest.id, at, ...runOptions }));
  }
  const report = await publishSite(deps, runOptions);
  printReport(report, deps.input.description, deps.output.description);
  for (const [i, digestReport] of digestReports.entries()) {
    printReport(digestReport, deps.input.description, deps.output.description, config.digests[i]?.id);
  }
  return values.strict && report.rejected.length > 0 ? 1 : 0;
}

async function runDigest(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { ...siteFlags, at: { type: 'string' }, since: { type: 'string' } });
  if (values.help) return (console.log(HELP), 0);
  const digestId = positionals[0];
  if (!digestId) throw new UsageError('digest: which digest? e.g. `feedwright digest daily`');
  const at = values.at === undefined ? undefined : field(IsoTime, values.at, '--at');
  const since = values.since === undefined ? undefined : field(IsoTime, values.since, '--since');
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

async function runSummarize(args: string[]): Promise<number> {
  const { values } = parse(args, {
    sentences: { type: 'string' },
    words: { type: 'string' },
    title: { type: 'string' },
    jsonl: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return (console.log(HELP), 0);
  if (values.sentences !== undefined && values.words !== undefined) throw new UsageError('summarize: give --sentences or --words, not both');
  const budget = {
    ...(values.sentences !== undefined ? { sentences: field(PositiveInt, values.sentences, '--sentences') } : {}),
    ...(values.words !== undefined ? { words: field(PositiveInt, values.words, '--words') } : {}),
  };
  if (values.jsonl !== undefined) {
    const output = summarizeJsonl(await readFile(String(values.jsonl), 'utf8'), budget);
    if (values.out) await writeFile(String(values.out), output);
    else process.stdout.write(output);
    return 0;
  }
  const summary = summarizeText(await readStdin(), { ...budget, ...(values.title ? { title: String(values.title) } : {}) });
  console.log(summary);
  return 0;
}

async function runInvoke(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { data: { type: 'string' } });
  if (values.help) return (console.log(HELP), 0);
  const name = field(z.enum(['publish', 'digest', 'run']), positionals[0], 'invoke <function>');
  let payload: unknown = {};
  if (values.data !== undefined) {
    try {
      payload = JSON.parse(String(values.data));
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

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  build: runBuild,
  digest: withSend(runDigest),
  summarize: runSummarize,
  invoke: runInvoke,
  subscribers: runSubscribers,
  mail: runMail,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 1;
  }
  const run = COMMANDS[command];
  if (!run) {
    console.error(`feedwright: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (error) {
    // Known errors print their message only: the message names the file/key/field; a stack would bury it.
    const known = ['UsageError', 'ValidationError', 'ConfigError', 'StorageError', 'StateError', 'DigestNotFoundError', 'SummarizeInputError', 'InputError', 'FeedRenderError'];
    if (error instanceof Error && (known.includes(error.name) || error instanceof ConfigError)) {
      console.error(`feedwright ${command}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
