import { readFile } from 'node:fs/promises';
import { LanguageTagSchema } from '../articles/language-tag.js';
import { summarizeJsonl, SummarizeFileError, summarizeText } from '../summarize/summarize-command.js';
import { CountFlag } from './count-flag.js';
import { flagValue, parseFlags, stringFlag } from './flags.js';
import { failureLine } from './report-failure.js';
import { commandHelp } from './help.js';
import { assertOutputApart, writeOutputFile } from './summary-output.js';
import { UsageError } from './usage-error.js';

// Bytes, not text: decoding is the build's (NUL bytes and invalid UTF-8 are refused, not turned into U+FFFD).
async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readJsonlFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
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
    const { output, summarized, rejected } = summarizeJsonl(await readJsonlFile(jsonl), { ...budget, ...(lang ? { lang } : {}) });
    if (out !== undefined) await writeOutputFile(out, output);
    else process.stdout.write(output);
    // As a build reports a rejected article and publishes the rest: each bad line on stderr, exit 1 at the end.
    for (const { error } of rejected) console.error(failureLine('summarize', error.message, error.code));
    if (rejected.length === 0) return 0;
    console.error(`feedwright summarize: ${rejected.length} line(s) rejected, ${summarized} summarized`);
    return 1;
  }
  const title = stringFlag(values, 'title');
  const summary = summarizeText(await readStdin(), { ...budget, ...(title ? { title } : {}), ...(lang ? { lang } : {}) });
  if (out !== undefined) await writeOutputFile(out, `${summary}\n`);
  else console.log(summary);
  return 0;
}
