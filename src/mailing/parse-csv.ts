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

/** One CSV record and the physical line it starts on (1-based), for messages that name it. */
interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * RFC 4180 fields: quoted with `"`, `""` inside quotes, CRLF, LF or CR rows. Blank records are dropped,
 * but every line break counts (those inside quoted fields too), so `line` is where an editor shows it.
 */
function records(text: string, path: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const lineBreak = c === '\n' || (c === '\r' && text[i + 1] !== '\n');
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      if (lineBreak) line++;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (lineBreak) {
      fields.push(field);
      out.push({ fields, line: start });
      fields = [];
      field = '';
      start = ++line;
      // Any other CR is that of a CRLF, whose LF ends the record.
    } else if (c !== '\r') field += c;
  }
  if (quoted) throw new CsvError(path, start, 'unterminated quoted field');
  if (field !== '' || fields.length > 0) out.push({ fields: [...fields, field], line: start });
  return out.filter((r) => r.fields.some((f) => f.trim() !== ''));
}

/**
 * `address[,source[,consent time]]` per row; a first row without an `@` is a header. Rows without their
 * own source get `fallbackSource` (the operator's `--source`, or the file name). A consent time after
 * `now` is refused: consent not yet given is no evidence (and is most likely a swapped day and month).
 */
export function parseSubscriberCsv(text: string, path: string, fallbackSource: string, now: Date): Vouched[] {
  const all = records(text.replace(/^\uFEFF/, ''), path);
  const body = all[0] && !(all[0].fields[0] ?? '').includes('@') ? all.slice(1) : all;
  return body.map(({ fields, line }) => {
    const [address = '', source = '', consent = ''] = fields.map((f) => f.trim());
    const entry: Vouched = { address, source: source || fallbackSource, at: `${path}:${line}` };
    if (consent) {
      const at = new Date(consent);
      if (Number.isNaN(at.getTime())) throw new CsvError(path, line, `consent time ${JSON.stringify(consent)} is not a date`);
      if (at.getTime() > now.getTime()) throw new CsvError(path, line, `consent time ${JSON.stringify(consent)} is in the future`);
      entry.consentAt = at;
    }
    return entry;
  });
}
