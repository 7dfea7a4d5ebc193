import * as z from 'zod';
import { InputError } from './input-error.js';
import { renderMarkdown } from './markdown.js';
import { describeIssues, metaShape, normalizeMeta, withoutEmptyFields } from './meta.js';
import { sha256, textToParagraphs, type Body, type ParsedArticle } from './parsed.js';

/**
 * A `.json` source holds one article object or an array of them. Each object has the same
 * fields as Markdown front matter plus exactly one body field:
 * - `content_html`: HTML (sanitized like any other HTML),
 * - `content_text`: plain text (paragraphs separated by blank lines, else one per line),
 * - `content`: Markdown.
 * Unknown keys are rejected like in front matter (a typo must not silently drop a field).
 */
export const JsonArticleSchema = z
  .strictObject({
    ...metaShape,
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    content: z.string().optional(),
  })
  .superRefine((a, ctx) => {
    const bodies = [a.content_html, a.content_text, a.content].filter((b) => b !== undefined).length;
    if (bodies !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['content'],
        message:
          bodies === 0
            ? 'missing body: give one of content_html, content_text or content (Markdown)'
            : 'give only one of content_html, content_text or content',
      });
    }
  });
export type JsonArticle = z.infer<typeof JsonArticleSchema>;

function jsonErrorReason(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const pos = /position (\d+)/.exec(message);
  if (!pos) return `invalid JSON: ${message}`;
  const before = text.slice(0, Number(pos[1]));
  const line = before.split('\n').length;
  const col = Number(pos[1]) - before.lastIndexOf('\n');
  return `invalid JSON at line ${line}, column ${col}: ${message}`;
}

function toBody(a: JsonArticle): Body | { refused: string } {
  if (a.content_html !== undefined) return { kind: 'html', html: a.content_html };
  if (a.content !== undefined) {
    const html = renderMarkdown(a.content);
    return typeof html === 'string' ? { kind: 'html', html } : html;
  }
  return { kind: 'paragraphs', paragraphs: textToParagraphs(a.content_text ?? '') };
}

/**
 * `.json`: a bad element rejects only that element, named `path#index`. Elements of an array
 * are keyed `path#<id>` when they carry an id (so reordering the array keeps their state),
 * else `path#<index>`; a single top-level object is keyed by the path alone.
 */
export function parseJson(path: string, text: string): (ParsedArticle | InputError)[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    return [new InputError(path, jsonErrorReason(text, cause), { cause })];
  }
  const isArray = Array.isArray(data);
  const items: unknown[] = isArray ? (data as unknown[]) : [data];
  return items.map((item, index): ParsedArticle | InputError => {
    const where = isArray ? `${path}#${index}` : path;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return new InputError(where, 'expected an article object');
    }
    const result = JsonArticleSchema.safeParse(withoutEmptyFields(item as Record<string, unknown>));
    if (!result.success) return new InputError(where, describeIssues(result.error));
    const meta = normalizeMeta(result.data);
    const key = !isArray ? path : meta.id !== undefined ? `${path}#${meta.id}` : where;
    const body = toBody(result.data);
    if ('refused' in body) return new InputError(where, `content: ${body.refused}`);
    return {
      key,
      sourcePath: path,
      idPath: isArray ? `${path}#${index}` : path,
      meta,
      body,
      contentHash: sha256(JSON.stringify(item)),
    };
  });
}
