import { InputError } from './input-error.js';
import { stripXmlIllegal } from '../markup/index.js';

// `fatal: true` turns malformed sequences into an exception instead of silent U+FFFD, so a
// mis-encoded (Latin-1, UTF-16) or binary file is rejected rather than published as mojibake.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes → text, or why they are no text: NUL bytes (a binary file) or not UTF-8. The BOM is dropped by
 * the decoder. The build's rule for a source's bytes, also used by `feedwright summarize` for each
 * JSONL line, so both refuse the same bytes with the same words.
 */
export function decodeUtf8Text(path: string, bytes: Uint8Array): string | InputError {
  if (bytes.indexOf(0) !== -1) {
    return new InputError(path, 'contains NUL bytes (binary file?)');
  }
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    return new InputError(path, 'not valid UTF-8 text', { cause });
  }
}

/**
 * Bytes → text with LF line endings and without XML-illegal characters (see {@link decodeUtf8Text}).
 * Returns an InputError for oversized, binary or non-UTF-8 input.
 */
export function decodeSource(path: string, bytes: Uint8Array, maxBytes: number): string | InputError {
  if (bytes.byteLength > maxBytes) {
    return new InputError(path, `file is ${bytes.byteLength} bytes, over the limit of ${maxBytes} bytes`);
  }
  const text = decodeUtf8Text(path, bytes);
  if (text instanceof InputError) return text;
  return stripXmlIllegal(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
}
