import { InputError } from './input-error.js';
import { stripXmlIllegal } from '../markup/index.js';

// `fatal: true` turns malformed sequences into an exception instead of silent U+FFFD, so a
// mis-encoded (Latin-1, UTF-16) or binary file is rejected rather than published as mojibake.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes → text with LF line endings and without XML-illegal characters; the BOM is dropped
 * by the decoder.
 * Returns an InputError for oversized, binary or non-UTF-8 input.
 */
export function decodeSource(path: string, bytes: Uint8Array, maxBytes: number): string | InputError {
  if (bytes.byteLength > maxBytes) {
    return new InputError(path, `file is ${bytes.byteLength} bytes, over the limit of ${maxBytes} bytes`);
  }
  if (bytes.indexOf(0) !== -1) {
    return new InputError(path, 'contains NUL bytes (binary file?)');
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (cause) {
    return new InputError(path, 'not valid UTF-8 text', { cause });
  }
  return stripXmlIllegal(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
}
