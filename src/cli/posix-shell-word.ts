// Characters no POSIX shell treats specially anywhere in a word (`~` and `=` can be special at the start).
const PLAIN = /^[A-Za-z0-9_@%+,./:-]+$/;

/** `text` as one POSIX shell word: as is when nothing in it is special, else in single quotes. */
export function posixShellWord(text: string): string {
  if (PLAIN.test(text)) return text;
  // Inside single quotes nothing is special but the quote itself, which is closed, escaped and reopened.
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
