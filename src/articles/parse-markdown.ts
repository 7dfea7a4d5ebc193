import { CORE_SCHEMA, YAMLException, load } from 'js-yaml';
import { InputError } from './input-error.js';
import { renderMarkdown } from './markdown.js';
import { FrontMatterSchema, describeIssues, normalizeMeta, type ArticleMeta } from './meta.js';
import { sha256, type ParsedArticle } from './parsed.js';

const OPEN = /^---[ \t]*\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;
const ATX_H1 = /^[ \t]*#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;

interface Split {
  yaml: string | undefined;
  body: string;
}

function splitFrontMatter(text: string): Split | string {
  if (!OPEN.test(text)) return { yaml: undefined, body: text };
  const afterOpen = text.replace(OPEN, '');
  const close = CLOSE.exec(afterOpen);
  if (!close) return 'front matter is not closed (no line with "---" after the opening one)';
  return {
    yaml: afterOpen.slice(0, close.index),
    body: afterOpen.slice(close.index + close[0].length).replace(/^\n/, ''),
  };
}

/**
 * Parses YAML front matter strictly; line numbers in errors count from the top of the file. js-yaml with
 * its CORE schema (YAML 1.2 scalars: dates stay strings for our own date parser; duplicate keys are
 * errors): about five times faster than the `yaml` package's document parser, which dominated building
 * 10,000 articles.
 */
export function parseFrontMatter(path: string, yaml: string): ArticleMeta | InputError {
  let data: unknown;
  try {
    data = load(yaml, { schema: CORE_SCHEMA, filename: path }) ?? {};
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    // The opening `---` is line 1 of the file, and js-yaml counts from 0, so YAML line n is file line n + 2.
    const line = (error.mark?.line ?? -1) + 2;
    const col = (error.mark?.column ?? 0) + 1;
    return new InputError(path, `front matter: invalid YAML at line ${line}, column ${col}: ${error.reason}`, { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return new InputError(path, 'front matter: expected a mapping of fields (key: value)');
  }
  const result = FrontMatterSchema.safeParse(data);
  if (!result.success) return new InputError(path, `front matter: ${describeIssues(result.error)}`);
  return normalizeMeta(result.data);
}

/** Strips inline Markdown from a heading so it reads as a plain title. */
function plainHeading(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]+/g, '')
    .trim();
}

/**
 * `.md`: optional YAML front matter between `---` lines, then a Markdown body. Without a
 * front-matter title, a leading `# Heading` becomes the title and leaves the body (so the
 * page does not show it twice).
 */
export function parseMarkdown(path: string, text: string): ParsedArticle | InputError {
  const split = splitFrontMatter(text);
  if (typeof split === 'string') return new InputError(path, split);
  const meta = split.yaml === undefined ? { categories: [], draft: false } : parseFrontMatter(path, split.yaml);
  if (meta instanceof InputError) return meta;
  let body = split.body;
  if (meta.title === undefined) {
    const lines = body.replace(/^\s*\n/, '').split('\n');
    const h1 = ATX_H1.exec(lines[0] ?? '');
    const title = h1?.[1] === undefined ? '' : plainHeading(h1[1]);
    if (title !== '') {
      meta.title = title;
      body = lines.slice(1).join('\n');
    }
  }
  const html = renderMarkdown(body);
  if (typeof html !== 'string') return new InputError(path, html.tooDeep);
  return {
    key: path,
    sourcePath: path,
    idPath: path,
    meta,
    body: { kind: 'html', html },
    contentHash: sha256(text.trim()),
  };
}
