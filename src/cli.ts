import { COMMAND_NAMES, type CommandName, HELP } from './cli/help.js';
import { asksForJson, type FailureOutput, failureOutput } from './cli/report-failure.js';
import { didYouMean } from './cli/suggest.js';
import { UsageError } from './cli/usage-error.js';
import { VERSION } from './cli/version.js';
import { truncateForLog } from './errors/index.js';
import { setSourceWorkerUrl } from './threads/worker-url.js';

type Command = (args: string[]) => Promise<number>;

// Each command's module (and the packages it needs) is imported only when that command runs: `build`
// must not pay for nodemailer and the SES client, nor `--version` for the publisher.
const COMMANDS: Record<CommandName, Command> = {
  init: async (args) => (await import('./cli/init-command.js')).runInit(args),
  build: async (args) => (await import('./cli/build-command.js')).runBuild(args),
  serve: async (args) => (await import('./cli/serve-command.js')).runServe(args),
  digest: async (args) => (await import('./cli/digest-command.js')).runDigest(args),
  summarize: async (args) => (await import('./cli/summarize-cli.js')).runSummarize(args),
  invoke: async (args) => (await import('./cli/invoke-command.js')).runInvoke(args),
  subscribers: async (args) => (await import('./cli/subscribers-command.js')).runSubscribers(args),
  mail: async (args) => (await import('./cli/mail-command.js')).runMail(args),
};

// The commands whose --json prints a run report: a failure of theirs is printed as JSON on stdout too.
const JSON_COMMANDS: ReadonlySet<CommandName> = new Set(['build', 'digest', 'mail']);

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V' || command === 'version') {
    console.log(VERSION);
    return 0;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return 0;
  }
  // No command is a usage mistake: the help goes to stderr (stdout stays clean for pipes), exit 2.
  if (!command) {
    console.error(HELP);
    return 2;
  }
  const debug = env.FEEDWRIGHT_DEBUG === '1';
  if (!isCommand(command)) {
    const hint = didYouMean(command, command.startsWith('-') ? ['--help', '--version'] : COMMAND_NAMES);
    const error = new UsageError(`unknown command ${JSON.stringify(truncateForLog(command, 60))}${hint} (commands: ${COMMAND_NAMES.join(', ')}; see feedwright --help)`);
    // Which command would have printed a report is unknown, so any --json gets its failure object.
    return report(failureOutput(undefined, error, debug, asksForJson(argv)));
  }
  try {
    return await COMMANDS[command](rest);
  } catch (error) {
    return report(failureOutput(command, error, debug, JSON_COMMANDS.has(command) && asksForJson(rest)));
  }
}

function report(failure: FailureOutput): number {
  for (const line of failure.lines) console.error(line);
  if (failure.json) console.log(JSON.stringify(failure.json));
  return failure.exitCode;
}

setSourceWorkerUrl(new URL('./source-worker.js', import.meta.url));
process.exitCode = await main(process.argv.slice(2));
