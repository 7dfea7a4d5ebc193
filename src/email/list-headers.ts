import type { EmailHeader } from './email-message.js';

// RFC 2369/2919 header values may only be printable ASCII; the URLs we put there are ours (percent-encoded
// tokens, ASCII host names), so anything else is a bug upstream and is refused rather than encoded.
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
// RFC 5322 2.1.1: a line is at most 998 characters. A `<uri>` cannot be folded inside, only before it, so it
// must fit on a line of its own after the folding space and with a list's comma. The config caps
// email.baseUrl so this holds; a longer one here is a bug, refused rather than sent as a broken header.
const MAX_LINE = 998;

function angle(uri: string, what: string): string {
  if (!PRINTABLE_ASCII.test(uri) || uri.includes('>')) throw new Error(`${what} is not a printable ASCII URI: ${JSON.stringify(uri)}`);
  if (uri.length + ' <>,'.length > MAX_LINE) throw new Error(`${what} is ${uri.length} characters: too long for one header line (${MAX_LINE}, RFC 5322)`);
  return `<${uri}>`;
}

/**
 * `List-Id` (RFC 2919), `List-Unsubscribe` (RFC 2369: HTTPS first, then mailto) and
 * `List-Unsubscribe-Post` (RFC 8058), which Gmail and Yahoo require of bulk senders for one-click unsubscribe.
 */
export function listHeaders(args: { listId: string; unsubscribeUrl: string; unsubscribeMailto?: string }): EmailHeader[] {
  const unsubscribe = [angle(args.unsubscribeUrl, 'unsubscribe URL')];
  if (args.unsubscribeMailto) unsubscribe.push(angle(`mailto:${args.unsubscribeMailto}?subject=unsubscribe`, 'unsubscribe mailto'));
  return [
    { name: 'List-Id', value: angle(args.listId, 'list id') },
    { name: 'List-Unsubscribe', value: unsubscribe.join(', ') },
    { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
  ];
}
