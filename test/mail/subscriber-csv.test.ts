import { describe, expect, it } from 'vitest';
import { CsvError, parseSubscriberCsv } from '../../src/mailing/index.js';
import { NOW } from './helpers.js';

/** The error `parseSubscriberCsv` throws for `text`, as `path:line: reason`. */
function errorOf(text: string): string {
  try {
    parseSubscriberCsv(text, 'list.csv', 'import: list.csv', NOW);
  } catch (error) {
    if (error instanceof CsvError) return error.message;
    throw error;
  }
  return 'no error';
}

describe('parseSubscriberCsv', () => {
  it('names the physical line of a bad row, counting the header and blank lines', () => {
    const text = 'address,source,consent\nok@example.org,fair,2026-01-01\n\nbad@example.org,fair,not-a-date\n';
    expect(errorOf(text)).toBe('list.csv:4: consent time "not-a-date" is not a date');
    // CRLF and lone-CR line breaks are one line each.
    expect(errorOf(text.replaceAll('\n', '\r\n'))).toBe('list.csv:4: consent time "not-a-date" is not a date');
    expect(errorOf(text.replaceAll('\n', '\r'))).toBe('list.csv:4: consent time "not-a-date" is not a date');
  });

  it('counts the lines of a quoted multi-line field and names the line a bad record starts on', () => {
    const text = 'a@example.org,"fair,\nspring\nstall",2026-01-01\nb@example.org,"two\nlines",never\n';
    expect(errorOf(text)).toBe('list.csv:4: consent time "never" is not a date');
    expect(parseSubscriberCsv(text.replace('never', '2026-02-01'), 'list.csv', 'x', NOW).map((e) => e.source)).toEqual(['fair,\nspring\nstall', 'two\nlines']);
    expect(errorOf('a@example.org,fair\n\nb@example.org,"open\nquote\n')).toBe('list.csv:3: unterminated quoted field');
  });

  it('refuses a consent time after now, naming the line; one at now is consent already given', () => {
    // NOW is 2026-11-30T07:00:00Z.
    const text = 'a@example.org,fair,2026-11-30T07:00:00Z\nb@example.org,fair,2026-11-30T07:00:00.001Z\n';
    expect(errorOf(text)).toBe('list.csv:2: consent time "2026-11-30T07:00:00.001Z" is in the future');
    expect(parseSubscriberCsv(text.split('\n')[0]!, 'list.csv', 'x', NOW)[0]?.consentAt?.toISOString()).toBe(NOW.toISOString());
  });
});
