import * as z from 'zod';
import { summarize, type SummarizeOptions } from './summarize.js';
import { buildBudget, type SummaryBudget } from './budget.js';
import { FeedwrightError, truncateForLog } from '../errors/index.js';
import { readTxt } from '../articles/parse-txt.js';
import { deriveHeadline } from '../articles/headline.js';

/** What the build summarizes an article without its own `lang` as when the config sets no `site.language`. */
export const DEFAULT_LANGUAGE = 'en';

/** Options of the `summarize` command (title and a per-line `lang` come from each input, if any). */
export type SummarizeCommandOptions = SummaryBudget & { lang?: string };

/** A JSONL input line that cannot be summarized; `line` is 1-based. */
export class SummarizeInputError extends FeedwrightError {
  override readonly name = 'SummarizeInputError' as const;
  readonly code = 'invalid-summarize-input';
  constructor(
    readonly line: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`line ${line}: ${reason}`, options);
  }
}

/** The `--jsonl` input (or `--out` output) cannot be read (written); `path` is the file as given. */
export class SummarizeFileError extends FeedwrightError {
  override readonly name = 'SummarizeFileError' as const;
  readonly code = 'summarize-file';
  constructor(
    readonly path: string,
    readonly operation: 'read' | 'write',
    options: { cause?: unknown } = {},
  ) {
    super(`cannot ${operation} ${JSON.stringify(truncateForLog(path))}: ${fileProblem(options.cause)}`, options);
  }
}

// The usual causes in words; others keep the system's message.
const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a parent is not a folder',
  ENOSPC: 'no space left on the device',
};

function fileProblem(cause: unknown): string {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  return FILE_PROBLEMS[code] ?? (cause instanceof Error ? cause.message : String(cause));
}

const JsonlInputSchema = z.strictObject({
  id: z.union([z.string(), z.number()]),
  article: z.string(),
  title: z.string().optional(),
  /** BCP 47 tag of the article's language; without it `--lang`, else `en` (as the build). */
  lang: z.string().optional(),
});

/**
 * Summary of plain text read as the build reads a `.txt` article and summarized with the build's defaults:
 * a headline line (short, unpunctuated, then a blank line) is the title unless `opts.title` is given, and
 * is never part of the text; without either the title is derived from the lead sentence, as the build's
 * is; paragraphs as the build makes them; the budget of {@link buildBudget}; `en` unless `opts.lang`
 * says otherwise (the build's default `site.language`).
 */
export function summarizeText(stdinText: string, opts?: SummarizeOptions): string {
  const { title, paragraphs } = readTxt(stdinText);
  const text = paragraphs.join('\n\n').trim();
  const given = opts?.title || title || deriveHeadline(text);
  return summarize(text, {
    ...buildBudget({ sentences: opts?.sentences, words: opts?.words }),
    title: given,
    lang: opts?.lang ?? DEFAULT_LANGUAGE,
  });
}

/**
 * One summary per JSONL line `{"id", "article", "title"?, "lang"?}` → `{"id", "summary"}`,
 * in input order. Blank lines are skipped; the first bad line throws
 * {@link SummarizeInputError} naming its line number.
 */
export function summarizeJsonl(inputText: string, opts?: SummarizeCommandOptions): string {
  const out: string[] = [];
  const lines = inputText.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] as string;
    if (raw.trim() === '') continue;
    const lineNumber = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new SummarizeInputError(lineNumber, `invalid JSON (${(cause as Error).message})`, { cause });
    }
    const parsed = JsonlInputSchema.safeParse(value);
    if (!parsed.success) {
      throw new SummarizeInputError(lineNumber, z.prettifyError(parsed.error), { cause: parsed.error });
    }
    const { id, article, title, lang } = parsed.data;
    // Each article is read and summarized as `summarizeText` reads stdin: as the build would a `.txt`.
    const summary = summarizeText(article, {
      ...opts,
      ...(title === undefined ? {} : { title }),
      ...(lang === undefined ? {} : { lang }),
    });
    out.push(JSON.stringify({ id, summary }));
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
