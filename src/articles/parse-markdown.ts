import { CORE_SCHEMA, YAMLException, load } from 'js-yaml';
import { parse as parseToml, TomlError } from 'smol-toml';
import { adaptForeignFrontMatter, plainTomlValue } from './foreign-front-matter.js';
import { InputError } from './input-error.js';
import { renderMarkdown } from './markdown.js';
import { FrontMatterSchema, describeIssues, normalizeMeta, withoutEmptyFields, type ArticleMeta } from './meta.js';
import { sha256, type ParsedArticle } from './parsed.js';

const OPEN = /^---[ \t]*\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;
// Hugo's TOML front matter.
const TOML_OPEN = /^\+\+\+[ \t]*\n/;
const TOML_CLOSE = /^\+\+\+[ \t]*$/m;
const ATX_H1 = /^[ \t]*#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;

interface Split {
  yaml: string | undefined;
  body: string;
  toml?: true;
}

function splitFrontMatter(text: string): Split | string {
  if (TOML_OPEN.test(text)) {
    const afterOpen = text.replace(TOML_OPEN, '');
    const close = TOML_CLOSE.exec(afterOpen);
    if (!close) return 'front matter is not closed (no line with "+++" after the opening one)';
    return { yaml: afterOpen.slice(0, close.index), body: afterOpen.slice(close.index + close[0].length).replace(/^\n/, ''), toml: true };
  }
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
export function parseFrontMatter(path: string, yaml: string, format: 'yaml' | 'toml' = 'yaml'): ArticleMeta | InputError {
  let data: unknown;
  try {
    data = format === 'toml' ? plainTomlValue(parseToml(yaml)) : (load(yaml, { schema: CORE_SCHEMA, filename: path }) ?? {});
  } catch (error) {
    if (error instanceof TomlError) {
      // The opening `+++` is line 1 of the file.
      return new InputError(path, `front matter: invalid TOML at line ${error.line + 1}, column ${error.column}: ${error.message.split('\n')[0]}`, { cause: error });
    }
    if (!(error instanceof YAMLException)) throw error;
    // The opening `---` is line 1 of the file, and js-yaml counts from 0, so YAML line n is file line n + 2.
    const line = (error.mark?.line ?? -1) + 2;
    const col = (error.mark?.column ?? 0) + 1;
    return new InputError(path, `front matter: invalid YAML at line ${line}, column ${col}: ${error.reason}`, { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return new InputError(path, 'front matter: expected a mapping of fields (key: value)');
  }
  const adapted = adaptForeignFrontMatter(withoutEmptyFields(data as Record<string, unknown>));
  const result = FrontMatterSchema.safeParse(adapted.data);
  if (!result.success) return new InputError(path, `front matter: ${describeIssues(result.error)}`);
  const meta = normalizeMeta(result.data);
  if (adapted.warnings.length > 0) meta.warnings = [...adapted.warnings, ...(meta.warnings ?? [])];
  return meta;
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
  const meta = split.yaml === undefined ? { categories: [], draft: false } : parseFrontMatter(path, split.yaml, split.toml ? 'toml' : 'yaml');
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
  if (typeof html !== 'string') return new InputError(path, html.refused);
  return {
    key: path,
    sourcePath: path,
    idPath: path,
    meta,
    body: { kind: 'html', html },
    contentHash: sha256(text.trim()),
  };
}
