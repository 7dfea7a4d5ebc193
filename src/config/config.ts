import * as z from 'zod';
import { PublishedPersonSchema } from '../articles/article.js';
import { LanguageTagSchema } from '../articles/language-tag.js';
import { FeedwrightError } from '../errors/index.js';
import { headerTextProblem, mailboxProblem } from '../subscribers/address.js';

const DigestScheduleSchema = z.discriminatedUnion('every', [
  z.strictObject({
    every: z.literal('day'),
    /** Local wall-clock time `HH:MM` in the digest's time zone. */
    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)'),
  }),
  z.strictObject({
    every: z.literal('week'),
    day: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']),
    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)'),
  }),
]);

/** Longest digest id: it becomes a folder name and is echoed in logs. */
export const MAX_DIGEST_ID = 40;
/**
 * A mailbox as `addr@example.org` or `Name <addr@example.org>`, put in From / Reply-To as written: checked
 * here, once, because a line break or a second address in it would add a header or a recipient.
 */
const Mailbox = z
  .string()
  .trim()
  .max(320)
  .superRefine((value, ctx) => {
    const problem = mailboxProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
/** A bare address (`addr@example.org`): it becomes a `mailto:` URI. */
const BareAddress = z
  .string()
  .trim()
  .max(254)
  .superRefine((value, ctx) => {
    const problem = mailboxProblem(value, { displayName: false });
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Put before every subject as written: a control character would reach the Subject header (or end it). */
const SubjectPrefix = z
  .string()
  .max(60)
  .superRefine((value, ctx) => {
    const problem = headerTextProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Sender settings a digest may override. */
export const EmailOverrideSchema = z.strictObject({
  from: Mailbox.optional(),
  replyTo: Mailbox.optional(),
  /** RFC 2919 list identifier, e.g. `daily.news.example.org`; default `<digest>.<site host>`. */
  listId: z.string().regex(/^[a-z0-9][a-z0-9.-]*\.[a-z0-9.-]+$/, 'a dotted name such as daily.news.example.org').optional(),
  subjectPrefix: SubjectPrefix.optional(),
});

/**
 * A URL that links are made from by appending a path, and that is published with them: http(s) only; no
 * `?query` or `#fragment` (`https://x.example/?a#b` gave links like `https://x.example/?a#b/feed.xml`);
 * no user name or password (they were printed into every feed).
 */
const BaseUrlSchema = z
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
  .refine((u) => !/[?#]/.test(u), 'must have no ?query or #fragment: links are made by appending a path to it')
  .refine((u) => {
    // zod goes on checking a value that is no URL at all: that one is reported once, as no URL.
    if (!URL.canParse(u)) return true;
    const url = new URL(u);
    return url.username === '' && url.password === '';
  }, 'must not carry a user name or password: it is published in every feed and page');

/** Longest `email.baseUrl`, measured as the URL is written into mails (percent-encoded, punycode host). */
export const MAX_EMAIL_BASE_URL = 500;

/**
 * The endpoints' base: every mail's `List-Unsubscribe` is `<base>unsubscribe?token=…` (the token: about 200
 * characters for a 40-character digest id), one URI that cannot be folded, and RFC 5322 (2.1.1) caps a
 * header line at 998 characters; the cap leaves room to spare.
 */
const EmailBaseUrlSchema = BaseUrlSchema.refine(
  (u) => !URL.canParse(u) || new URL(u).href.length <= MAX_EMAIL_BASE_URL,
  `at most ${MAX_EMAIL_BASE_URL} characters (percent-encoded): the unsubscribe link built from it must fit in one mail header line (998 characters, RFC 5322)`,
).refine(
  // RFC 8058 (3.1): a List-Unsubscribe-Post message's List-Unsubscribe must hold an HTTPS URI, and every
  // mail carries both. Plain http stays for a `mail serve` on this machine, which is only reached from here.
  (u) => !URL.canParse(u) || isHttpsOrLoopback(new URL(u)),
  'must be an https URL (RFC 8058 one-click unsubscribe); http only for localhost, 127.0.0.1 or [::1] (a local `feedwright mail serve`)',
);

function isHttpsOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** Digests by e-mail (src/email, src/subscribers); absent = no mail is ever sent. */
export const EmailConfigSchema = z.strictObject({
  from: Mailbox,
  replyTo: Mailbox.optional(),
  listId: EmailOverrideSchema.shape.listId,
  subjectPrefix: EmailOverrideSchema.shape.subjectPrefix,
  /** HMAC key for subscribe/unsubscribe tokens; prefer FEEDWRIGHT_EMAIL_SECRET (or SSM) over the config file. */
  secret: z.string().min(32, 'at least 32 characters').optional(),
  /** Public base URL of the subscribe/confirm/unsubscribe endpoints (the function URL). */
  baseUrl: EmailBaseUrlSchema.optional(),
  /** `mailto:` unsubscribe address offered next to the HTTPS link in List-Unsubscribe. */
  unsubscribeMailto: BareAddress.optional(),
  ratePerSecond: z.number().positive().max(1000).default(10),
  /** Whole-message budget; Gmail clips past ~102 KB of HTML. */
  maxBytes: z.number().int().min(20_000).max(10_000_000).default(95_000),
});
export type EmailConfig = z.infer<typeof EmailConfigSchema>;

export const DigestConfigSchema = z.strictObject({
  id: z
    .string()
    // Length first, so a huge id is refused without echoing it back.
    .max(MAX_DIGEST_ID, `at most ${MAX_DIGEST_ID} characters`)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters and digits, words joined by single dashes (like "daily" or "tech-weekly")'),
  title: z.string().min(1).optional(),
  schedule: DigestScheduleSchema,
  timeZone: z
    .string()
    .default('UTC')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone name'),
  groupByCategory: z.boolean().default(false),
  publishEmpty: z.boolean().default(false),
  /** Per-digest overrides of the top-level `email` sender settings. */
  email: EmailOverrideSchema.optional(),
});
export type DigestConfig = z.infer<typeof DigestConfigSchema>;

/** What a feed's items carry. */
export const FeedContentSchema = z.enum(['summary', 'full', 'both']);
export type FeedContent = z.infer<typeof FeedContentSchema>;

export const ConfigSchema = z.strictObject({
  site: z
    .strictObject({
      title: z.string().min(1).default('Feedwright'),
      /** Absolute URL where the output folder/bucket is served; every link and self link hangs off it. */
      baseUrl: BaseUrlSchema.transform((u) => (u.endsWith('/') ? u : `${u}/`))
        .default('https://feedwright.example/'),
      description: z.string().min(1).default('Articles published with Feedwright'),
      /** BCP 47 tag, stored in canonical form (`en-us` → `en-US`): it lands in `xml:lang` and `lang`. */
      language: LanguageTagSchema.default('en'),
      author: PublishedPersonSchema.optional(),
    })
    .prefault({}),
  feed: z
    .strictObject({
      /**
       * Newest N items per subscription feed. Older items move to archive documents (RFC 5005) of
       * `archivePageSize` items each, oldest first, so the current feed holds N to N + archivePageSize - 1.
       */
      size: z.number().int().min(1).max(1_000).default(50),
      archivePageSize: z.number().int().min(1).max(1_000).default(50),
      /** Byte budget per feed document: item content is left out, oldest first, until the feed fits. */
      maxBytes: z.number().int().min(16_384).default(500_000),
      /** What items carry: the summary, the full HTML content, or both (summary + content). */
      content: z
        .union([FeedContentSchema, z.strictObject({ site: FeedContentSchema.default('both'), categories: FeedContentSchema.default('both') })])
        .default('both'),
      /** A WebSub hub: advertised in every feed and pinged once per changed feed after a publish. */
      hub: z
        .string()
        .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'must be an absolute http(s) URL')
        .optional(),
      /** `xml-stylesheet` instruction to the shipped `feed.xsl`, so browsers show a feed as a page. */
      stylesheet: z.boolean().default(true),
    })
    .prefault({}),
  /**
   * Summary budget: `words` or `sentences`, not both (as `feedwright summarize`). Default: 60 words (a
   * digest line), at most 3 sentences; `words: N` keeps that 3-sentence ceiling; `sentences: N` alone sets
   * no word limit. Both at once used to be accepted with both limits applied unannounced (words: 10 with
   * sentences: 3 gave 6 words) while the summary cache keyed on `words` alone.
   */
  summary: z
    .strictObject({
      sentences: z.number().int().min(1).max(20).optional(),
      words: z.number().int().min(10).optional(),
    })
    .refine((s) => s.sentences === undefined || s.words === undefined, 'give words or sentences, not both')
    .prefault({})
    .transform(({ sentences, words }) => ({
      sentences: sentences ?? 3,
      ...(words !== undefined ? { words } : sentences === undefined ? { words: 60 } : {}),
    })),
  /** Input folder or `s3://bucket/prefix/`. */
  input: z.string().min(1).default('seeds'),
  /** Output folder or `s3://bucket/prefix/`. */
  out: z.string().min(1).default('public'),
  /**
   * Where the publisher and digest state live: a folder or `s3://bucket/prefix/`, never inside `out`
   * (subscribers must not be able to read it). Default: see `defaultStateLocation`.
   */
  state: z.string().min(1).optional(),
  maxArticleBytes: z.number().int().min(1).default(5 * 1024 * 1024),
  /**
   * A run that would remove more than this share of the published articles (or finds no sources at all)
   * is refused unless `--allow-mass-delete` is given: a typo must not take the site down.
   */
  maxDeleteShare: z.number().min(0).max(1).default(0.5),
  email: EmailConfigSchema.optional(),
  digests: z
    .array(DigestConfigSchema)
    .superRefine((digests, ctx) => {
      // Each id names a folder and a feed: a second digest with the same id would be silently lost.
      const first = new Map<string, number>();
      digests.forEach((d, i) => {
        const seen = first.get(d.id);
        if (seen === undefined) first.set(d.id, i);
        else ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate digest id "${d.id}" (also digests[${seen}].id)` });
      });
    })
    .default([
      { id: 'daily', schedule: { every: 'day', at: '07:00' }, timeZone: 'UTC', groupByCategory: false, publishEmpty: false },
      {
        id: 'weekly',
        schedule: { every: 'week', day: 'monday', at: '07:00' },
        timeZone: 'UTC',
        groupByCategory: true,
        publishEmpty: false,
      },
    ]),
});
export type Config = z.infer<typeof ConfigSchema>;

/** What the site feeds and the category feeds carry (`feed.content` as one value or per kind). */
export function feedContentOf(config: Pick<Config, 'feed'>): { site: FeedContent; categories: FeedContent } {
  const { content } = config.feed;
  return typeof content === 'string' ? { site: content, categories: content } : content;
}
export type ConfigInput = z.input<typeof ConfigSchema>;

export class ConfigError extends FeedwrightError {
  override readonly name = 'ConfigError' as const;
  readonly code = 'invalid-config';
  constructor(
    message: string,
    readonly source: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The endpoints' URL given outside the config file (`FEEDWRIGHT_EMAIL_BASE_URL`, known only after a
 * deployment), or undefined when unset: the rules of `email.baseUrl`, the error naming the variable.
 */
export function endpointsUrlFromEnv(env: { FEEDWRIGHT_EMAIL_BASE_URL?: string | undefined }): string | undefined {
  const given = env.FEEDWRIGHT_EMAIL_BASE_URL?.trim();
  if (!given) return undefined;
  const parsed = EmailBaseUrlSchema.safeParse(given);
  if (!parsed.success) throw new ConfigError(`FEEDWRIGHT_EMAIL_BASE_URL: ${parsed.error.issues[0]?.message ?? 'invalid URL'}`, 'FEEDWRIGHT_EMAIL_BASE_URL');
  return parsed.data;
}

/** Validates a parsed config object; the message names each bad key. */
export function parseConfig(raw: unknown, source = 'config'): Config {
  const result = ConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new ConfigError(`${source}: invalid configuration\n${z.prettifyError(result.error)}`, source);
  }
  return result.data;
}
