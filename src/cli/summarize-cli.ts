import { readFile } from 'node:fs/promises';
import { LanguageTagSchema } from '../articles/language-tag.js';
import { summarizeJsonl, SummarizeFileError, summarizeText } from '../summarize/summarize-command.js';
import { CountFlag } from './count-flag.js';
import { flagValue, parseFlags, stringFlag } from './flags.js';
import { commandHelp } from './help.js';
import { assertOutputApart, writeOutputFile } from './summary-output.js';
import { UsageError } from './usage-error.js';

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

/** `feedwright summarize`: summaries of stdin or of a JSONL file. */
export async function runSummarize(args: string[]): Promise<number> {
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
    ...(values.sentences !== undefined ? { sentences: flagValue(CountFlag, values.sentences, '--sentences') } : {}),
    ...(values.words !== undefined ? { words: flagValue(CountFlag, values.words, '--words') } : {}),
  };
  const langFlag = stringFlag(values, 'lang');
  // The same BCP 47 rule as articles and the config: an unknown tag is a usage error, not a silent fallback.
  const lang = langFlag === undefined ? undefined : flagValue(LanguageTagSchema, langFlag, '--lang');
  const jsonl = stringFlag(values, 'jsonl');
  const out = stringFlag(values, 'out');
  if (out === '') throw new UsageError('--out needs a file name');
  if (jsonl === '') throw new UsageError('--jsonl needs a file name');
  // Ignored with --jsonl until now, as --out was without it: a flag that does nothing is refused.
  if (jsonl !== undefined && values.title !== undefined) throw new UsageError('--title is for the article on stdin; with --jsonl each line gives its own "title"');
  if (out !== undefined) assertOutputApart(out, jsonl === undefined ? { flag: 'stdin' } : { flag: '--jsonl', file: jsonl });
  if (jsonl !== undefined) {
    const output = summarizeJsonl(await readJsonlFile(jsonl), { ...budget, ...(lang ? { lang } : {}) });
    if (out !== undefined) await writeOutputFile(out, output);
    else process.stdout.write(output);
    return 0;
  }
  const title = stringFlag(values, 'title');
  const summary = summarizeText(await readStdin(), { ...budget, ...(title ? { title } : {}), ...(lang ? { lang } : {}) });
  if (out !== undefined) await writeOutputFile(out, `${summary}\n`);
  else console.log(summary);
  return 0;
}
