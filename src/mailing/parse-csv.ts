import { FeedwrightError } from '../errors/index.js';
import type { Vouched } from './operator.js';

export class CsvError extends FeedwrightError {
  override readonly name = 'CsvError' as const;
  readonly code = 'invalid-csv';
  constructor(
    readonly path: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${path}:${line}: ${reason}`);
  }
}

/** RFC 4180 fields: quoted with `"`, `""` inside quotes, CRLF or LF rows. */
function rows(text: string, path: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      line++;
    } else field += c;
  }
  if (quoted) throw new CsvError(path, line, 'unterminated quoted field');
  if (field !== '' || row.length > 0) out.push([...row, field]);
  return out.filter((r) => r.some((f) => f.trim() !== ''));
}

/**
 * `address[,source[,consent time]]` per row; a first row without an `@` is a header. Rows without their
 * own source get `fallbackSource` (the operator's `--source`, or the file name).
 */
export function parseSubscriberCsv(text: string, path: string, fallbackSource: string): Vouched[] {
  const all = rows(text.replace(/^\uFEFF/, ''), path);
  const body = all[0] && !(all[0][0] ?? '').includes('@') ? all.slice(1) : all;
  return body.map((row, i) => {
    const [address = '', source = '', consent = ''] = row.map((f) => f.trim());
    const entry: Vouched = { address, source: source || fallbackSource };
    if (consent) {
      const at = new Date(consent);
      if (Number.isNaN(at.getTime())) throw new CsvError(path, i + 1, `consent time ${JSON.stringify(consent)} is not a date`);
      entry.consentAt = at;
    }
    return entry;
  });
}
