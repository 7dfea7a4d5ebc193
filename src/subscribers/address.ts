import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { FeedwrightError, truncateForLog } from '../errors/index.js';

export class InvalidAddressError extends FeedwrightError {
  override readonly name = 'InvalidAddressError' as const;
  readonly code = 'invalid-address';
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${JSON.stringify(truncateForLog(address, 80))}: ${reason}`);
  }
}

// RFC 5321/5322 dot-atom local part; quoted local parts are legal but no mailbox provider hands them out,
// and refusing them keeps addresses safe to put in headers and CSV without quoting rules.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * The one canonical form of an address: trimmed, lower-cased, domain in punycode. Lower-casing the local
 * part is what every large provider does in practice, and it stops `Ann@x` and `ann@x` from being two
 * subscribers that each get a copy.
 */
export function normalizeAddress(raw: string): string {
  const trimmed = raw.normalize('NFC').trim().toLowerCase();
  if (trimmed.length > 254) throw new InvalidAddressError(raw, 'longer than 254 characters');
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) throw new InvalidAddressError(raw, 'expected local@domain');
  const local = trimmed.slice(0, at);
  if (local.length > 64) throw new InvalidAddressError(raw, 'local part longer than 64 characters');
  if (!LOCAL_PART.test(local)) throw new InvalidAddressError(raw, 'local part has characters an address cannot have');
  const domain = domainToASCII(trimmed.slice(at + 1));
  if (domain === '') throw new InvalidAddressError(raw, 'domain is not a valid host name');
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) throw new InvalidAddressError(raw, 'domain must be a dotted host name');
  if (/^\d+$/.test(labels.at(-1) ?? '')) throw new InvalidAddressError(raw, 'domain must not be an IP address');
  return `${local}@${domain}`;
}

// Controls, CR and LF above all: a line break in a header value starts a new header (`Bcc:`).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Characters that end or split an unquoted display name (RFC 5322 specials other than `.`, which mail
// libraries quote for us): `Example, Inc. <a@x>` reads as two mailboxes to a strict parser.
const NAME_SPECIAL = /[",:;<>@()[\]\\]/;
const QUOTED_NAME = /^"[^"\\]*"$/;
const NAME_AND_ADDRESS = /^(.*?)\s*<([^<>\s]+)>$/;

/**
 * Why `raw` is not one mailbox (`addr@example.org`, `Name <addr@example.org>` or `"Name, Inc."
 * <addr@example.org>`), or `undefined` when it is. For sender settings, which are put in headers as given:
 * anything a mail library would read as another header, a group or a second address is refused.
 */
/** Why `raw` cannot be put in a header as written (a line break or another control character), or `undefined`. */
export function headerTextProblem(raw: string): string | undefined {
  return CONTROL.test(raw) ? 'must be one line without control characters' : undefined;
}

export function mailboxProblem(raw: string, options: { displayName: boolean } = { displayName: true }): string | undefined {
  const textProblem = headerTextProblem(raw);
  if (textProblem) return textProblem;
  const named = NAME_AND_ADDRESS.exec(raw);
  if (named && !options.displayName) return 'expected a bare address such as news@example.org, without a display name';
  const [name, address] = named ? [named[1] ?? '', named[2] ?? ''] : ['', raw];
  if (!named && /[<>\s]/.test(raw)) return 'expected addr@example.org or Name <addr@example.org>';
  if (name !== '' && !QUOTED_NAME.test(name) && NAME_SPECIAL.test(name)) {
    return 'a display name with , ; : @ ( ) [ ] \\ or " must be in double quotes (without " or \\ inside), e.g. "Example, Inc." <news@example.org>';
  }
  try {
    normalizeAddress(address);
  } catch (error) {
    if (error instanceof InvalidAddressError) return `not an e-mail address: ${error.reason}`;
    throw error;
  }
  return undefined;
}

/**
 * A stable, key-safe id for a normalized address: store keys, send records and tokens carry this instead
 * of the address, so listings, access logs and URLs never show who is subscribed.
 */
export function subscriberId(address: string): string {
  return createHash('sha256').update(address).digest('hex').slice(0, 32);
}
