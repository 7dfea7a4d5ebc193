import * as z from 'zod';
import { summarize, type SummarizeOptions } from './summarize.js';
import { buildBudget, type SummaryBudget } from './budget.js';
import { FeedwrightError, fileProblem, truncateForLog } from '../errors/index.js';
import { decodeUtf8Text } from '../articles/decode.js';
import { InputError } from '../articles/input-error.js';
import { LanguageTagSchema } from '../articles/language-tag.js';
import { type ProcessedArticle, readTxtArticle } from '../articles/process-source.js';

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

const JsonlInputSchema = z.strictObject({
  id: z.union([z.string(), z.number()]),
  article: z.string(),
  title: z.string().optional(),
  /**
   * BCP 47 tag of the article's language; without it `--lang`, else `en` (as the build). Checked as an
   * article's `lang` is: a bad one (`english`, `en us`) rejects its line rather than quietly summarizing it
   * as some other language.
   */
  lang: LanguageTagSchema.optional(),
});

// An article given as a JSON string can hold what no UTF-8 file can: a lone surrogate (`"\ud800"`).
const LONE_SURROGATE = /\p{Cs}/u;
const encoder = new TextEncoder();

/** `input` read as the build reads a `.txt` source: bytes as they are, text as its UTF-8 bytes. */
function readArticle(name: string, input: string | Uint8Array): ProcessedArticle | InputError {
  if (typeof input === 'string') {
    if (LONE_SURROGATE.test(input)) return new InputError(name, 'not valid UTF-8 text (it holds a lone surrogate, such as the escape \\ud800)');
    input = encoder.encode(input);
  }
  // No size limit: the build's `maxBytes` is a site setting, and this command reads no config.
  return readTxtArticle(name, input, Number.POSITIVE_INFINITY);
}

function summaryOf(article: ProcessedArticle, opts: SummarizeOptions | undefined): string {
  return summarize(article.contentText, {
    ...buildBudget({ sentences: opts?.sentences, words: opts?.words }),
    title: opts?.title || article.title,
    lang: opts?.lang ?? DEFAULT_LANGUAGE,
  });
}

/**
 * Summary of `input` (stdin's bytes) read as the build reads a `.txt` article and summarized with the
 * build's defaults: refused as the build refuses it (NUL bytes, not UTF-8, an empty body: an
 * {@link InputError} naming `name`); a headline line (short, unpunctuated, then a blank line) is the title
 * unless `opts.title` is given, and is never part of the text; without either the title is the build's
 * derived headline; paragraphs as the build makes them; the budget of {@link buildBudget}; `en` unless
 * `opts.lang` says otherwise (the build's default `site.language`).
 */
export function summarizeText(input: string | Uint8Array, opts?: SummarizeOptions, name = 'stdin'): string {
  const article = readArticle(name, input);
  if (article instanceof InputError) throw article;
  return summaryOf(article, opts);
}

/** A JSONL line that got no summary, and why: its JSON, its shape, or its article as the build would reject it. */
export interface RejectedLine {
  /** 1-based. */
  readonly line: number;
  readonly error: SummarizeInputError | InputError;
}

/** What {@link summarizeJsonl} made: the output lines, and the input lines it skipped. */
export interface JsonlSummaries {
  /** One `{"id","summary"}` line per summarized input line, in input order; '' when none. */
  readonly output: string;
  readonly summarized: number;
  readonly rejected: RejectedLine[];
}

/** The lines of `bytes`, split at LF (a byte no other UTF-8 character contains), each without its CR. */
function* byteLines(bytes: Uint8Array): Generator<Uint8Array> {
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    yield bytes.subarray(start, end > start && bytes[end - 1] === 0x0d ? end - 1 : end);
    start = end + 1;
  }
}

/**
 * One summary per JSONL line `{"id", "article", "title"?, "lang"?}` → `{"id", "summary"}`, in input order.
 * Blank lines are skipped. A bad line is rejected, as the build rejects a bad source and goes on: its
 * bytes (NUL, not UTF-8), its JSON, its shape, or its article (read as a `.txt`, so an empty one is
 * refused), each named by line number (and id, once known).
 */
export function summarizeJsonl(input: string | Uint8Array, opts?: SummarizeCommandOptions): JsonlSummaries {
  const out: string[] = [];
  const rejected: RejectedLine[] = [];
  let lineNumber = 0;
  for (const bytes of byteLines(typeof input === 'string' ? encoder.encode(input) : input)) {
    lineNumber++;
    const line = lineNumber;
    const raw = decodeUtf8Text(`line ${line}`, bytes);
    if (raw instanceof InputError) {
      rejected.push({ line, error: raw });
      continue;
    }
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      rejected.push({ line, error: new SummarizeInputError(line, `invalid JSON (${(cause as Error).message})`, { cause }) });
      continue;
    }
    const parsed = JsonlInputSchema.safeParse(value);
    if (!parsed.success) {
      rejected.push({ line, error: new SummarizeInputError(line, z.prettifyError(parsed.error), { cause: parsed.error }) });
      continue;
    }
    const { id, article, title, lang } = parsed.data;
    // Each article is read and summarized as `summarizeText` reads stdin: as the build would a `.txt`.
    const read = readArticle(`line ${line} (id ${truncateForLog(JSON.stringify(id), 60)})`, article);
    if (read instanceof InputError) {
      rejected.push({ line, error: read });
      continue;
    }
    const summary = summaryOf(read, {
      ...opts,
      ...(title === undefined ? {} : { title }),
      ...(lang === undefined ? {} : { lang }),
    });
    out.push(JSON.stringify({ id, summary }));
  }
  return { output: out.length === 0 ? '' : `${out.join('\n')}\n`, summarized: out.length, rejected };
}
