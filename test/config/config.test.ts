import { describe, expect, it } from 'vitest';
import { ConfigError, endpointsUrlFromEnv, parseConfig } from '../../src/config/config.js';

function configError(raw: unknown): string {
  try {
    parseConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('accepted');
}

const day = { every: 'day', at: '07:00' } as const;

describe('site.language', () => {
  it('stores the canonical BCP 47 form', () => {
    expect(parseConfig({}).site.language).toBe('en');
    expect(parseConfig({ site: { language: 'en-us' } }).site.language).toBe('en-US');
    expect(parseConfig({ site: { language: 'zh-hant-tw' } }).site.language).toBe('zh-Hant-TW');
    expect(parseConfig({ site: { language: ' pt-BR ' } }).site.language).toBe('pt-BR');
  });

  it('rejects anything that is not a language tag, naming the key', () => {
    for (const bad of ['en" onload="alert(1)', 'en us', 'english!', '', 'e', 'en-', '<b>', 'i-klingon', 'english', 'french-CA', 'deutsch']) {
      const message = configError({ site: { language: bad } });
      expect(message, bad).toMatch(/must be a BCP 47 language tag[\s\S]*→ at site\.language/);
    }
  });
});

describe('digest ids', () => {
  it('must be unique; the error names both', () => {
    const message = configError({ digests: [{ id: 'daily', schedule: day }, { id: 'weekly', schedule: day }, { id: 'daily', schedule: day }] });
    expect(message).toContain('duplicate digest id "daily" (also digests[0].id)');
    expect(message).toContain('→ at digests[2].id');
  });

  it('must be short, without echoing a huge id back', () => {
    const huge = 'a'.repeat(5_000_000);
    const message = configError({ digests: [{ id: huge, schedule: day }] });
    expect(message).toContain('at most 40 characters');
    expect(message).toContain('→ at digests[0].id');
    expect(message.length).toBeLessThan(1000);
    expect(parseConfig({ digests: [{ id: 'a'.repeat(40), schedule: day }] }).digests[0]?.id).toHaveLength(40);
  });

  it('must be lowercase words joined by single dashes', () => {
    for (const bad of ['Daily', 'tech--weekly', '-daily', 'daily-', 'dai ly', 'dailý', '../x', '']) {
      expect(configError({ digests: [{ id: bad, schedule: day }] }), bad).toContain('→ at digests[0].id');
    }
    expect(parseConfig({ digests: [{ id: 'tech-weekly-2', schedule: day }] }).digests[0]?.id).toBe('tech-weekly-2');
  });
});

describe('site.author', () => {
  it('needs an http(s) url and a real e-mail address', () => {
    expect(configError({ site: { author: { name: 'A', url: 'javascript:alert(1)' } } })).toMatch(/→ at site\.author\.url/);
    expect(configError({ site: { author: { name: 'A', email: 'not-an-address' } } })).toMatch(/→ at site\.author\.email/);
    expect(parseConfig({ site: { author: { name: 'A', url: 'https://a.example/', email: 'a@a.example' } } }).site.author).toEqual({
      name: 'A',
      url: 'https://a.example/',
      email: 'a@a.example',
    });
  });
});

describe('site.baseUrl and email.baseUrl', () => {
  it('take an http(s) URL and end the site one with a slash', () => {
    expect(parseConfig({ site: { baseUrl: 'https://news.example/blog' } }).site.baseUrl).toBe('https://news.example/blog/');
    expect(parseConfig({ site: { baseUrl: 'http://127.0.0.1:8080/' } }).site.baseUrl).toBe('http://127.0.0.1:8080/');
  });

  // Every link is the base URL plus a path, and the base URL is printed into every feed.
  it('refuse a ?query, a #fragment, a user name or password, or another scheme, naming the key', () => {
    for (const [url, why] of [
      ['https://news.example/?q=1', /no \?query or #fragment/],
      ['https://news.example/#top', /no \?query or #fragment/],
      ['https://news.example/?', /no \?query or #fragment/],
      ['https://editor:hunter2@news.example/', /user name or password/],
      ['https://editor@news.example/', /user name or password/],
      ['ftp://news.example/', /http\(s\) URL/],
    ] as const) {
      const site = configError({ site: { baseUrl: url } });
      expect(site, url).toMatch(why);
      expect(site).toContain('site.baseUrl');
      const email = configError({ email: { from: 'digest@news.example', baseUrl: url } });
      expect(email, url).toMatch(why);
      expect(email).toContain('email.baseUrl');
    }
  });
});

describe('email.baseUrl length', () => {
  // Every mail's List-Unsubscribe line holds <email.baseUrl>unsubscribe?token=… unfolded: RFC 5322 allows 998.
  it('takes up to 500 characters as written into mails, and refuses longer, naming the key or variable', () => {
    const base = 'https://mail.news.example/';
    const at500 = `${base}${'p'.repeat(500 - base.length - 1)}/`;
    expect(parseConfig({ email: { from: 'd@news.example', baseUrl: at500 } }).email?.baseUrl).toBe(at500);
    const longer = `${base}${'p'.repeat(850)}/`;
    expect(configError({ email: { from: 'd@news.example', baseUrl: longer } })).toMatch(/at most 500 characters[\s\S]*→ at email\.baseUrl/);
    // Measured percent-encoded: 200 é are 1,200 characters in a link.
    expect(configError({ email: { from: 'd@news.example', baseUrl: `${base}${'é'.repeat(200)}/` } })).toContain('at most 500 characters');
    expect(() => endpointsUrlFromEnv({ FEEDWRIGHT_EMAIL_BASE_URL: longer })).toThrow(/^FEEDWRIGHT_EMAIL_BASE_URL: at most 500 characters/);
    // The site's own base URL is not put in a header line.
    expect(parseConfig({ site: { baseUrl: longer } }).site.baseUrl).toBe(longer);
  });
});

describe('email.baseUrl scheme', () => {
  // RFC 8058: every mail carries List-Unsubscribe-Post, which requires an HTTPS List-Unsubscribe URI.
  it('is https, or http only on this machine (a local mail serve), naming the key or variable', () => {
    for (const local of ['http://127.0.0.1:8787/', 'http://localhost:8787/', 'http://[::1]:8787/', 'https://mail.news.example/']) {
      expect(parseConfig({ email: { from: 'd@news.example', baseUrl: local } }).email?.baseUrl, local).toBe(local);
    }
    for (const remote of ['http://mail.news.example/', 'http://10.0.0.5:8787/', 'http://localhost.news.example/']) {
      expect(configError({ email: { from: 'd@news.example', baseUrl: remote } }), remote).toMatch(/must be an https URL[\s\S]*→ at email\.baseUrl/);
    }
    expect(() => endpointsUrlFromEnv({ FEEDWRIGHT_EMAIL_BASE_URL: 'http://mail.news.example/' })).toThrow(/^FEEDWRIGHT_EMAIL_BASE_URL: must be an https URL/);
    // The site itself may still be served over http.
    expect(parseConfig({ site: { baseUrl: 'http://news.example/' } }).site.baseUrl).toBe('http://news.example/');
  });
});

describe('email.subjectPrefix', () => {
  it('refuses control characters and line breaks, top level and per digest, naming the key', () => {
    const day = { every: 'day', at: '07:00' } as const;
    for (const bad of ['\u0000', '\u0007', '\u001b[31m', '[Daily]\r\nBcc: evil@y.example', '\u0085']) {
      expect(configError({ email: { from: 'd@news.example', subjectPrefix: bad } }), JSON.stringify(bad)).toMatch(/one line without control characters[\s\S]*→ at email\.subjectPrefix/);
      const perDigest = { email: { from: 'd@news.example' }, digests: [{ id: 'daily', schedule: day, email: { subjectPrefix: bad } }] };
      expect(configError(perDigest)).toContain('→ at digests[0].email.subjectPrefix');
    }
    expect(parseConfig({ email: { from: 'd@news.example', subjectPrefix: '[Daily — Nachrichten] ' } }).email?.subjectPrefix).toBe('[Daily — Nachrichten] ');
  });
});

describe('a base URL that is no URL at all', () => {
  it('is one config error, never a crash', () => {
    expect(configError({ site: { baseUrl: 'not a url' } })).toContain('site.baseUrl');
    expect(configError({ email: { from: 'd@news.example', baseUrl: 'http://' } })).toContain('email.baseUrl');
  });
});

describe('email.from and email.replyTo', () => {
  const withSender = (field: 'from' | 'replyTo', value: string) => ({ email: { from: 'digest@news.example', [field]: value } });

  it('take an address or a display name with an address, kept as written', () => {
    for (const good of ['digest@news.example', 'Example News <digest@news.example>', '"Example, Inc." <digest@news.example>', 'Dr. Who <who@news.example>', 'Jörg Ärger <j@news.example>', '<digest@news.example>']) {
      expect(parseConfig(withSender('from', good)).email?.from, good).toBe(good);
      expect(parseConfig(withSender('replyTo', good)).email?.replyTo, good).toBe(good);
    }
  });

  // nodemailer read `a@x\r\nBcc: evil@y` as the group `"a@x Bcc":evil@y;`: replies went to evil@y.
  it('refuse a line break, a second address, a group or anything that is not an address, naming the key', () => {
    for (const [bad, why] of [
      ['a@x.example\r\nBcc: evil@y.example', /one line without control characters/],
      ['a@x.example\nBcc: evil@y.example', /one line without control characters/],
      ['Ann <a@x.example>\r\n', null],
      ['a@x.example, evil@y.example', /expected addr@example.org or Name <addr@example.org>/],
      ['group: evil@y.example;', /expected addr@example.org or Name <addr@example.org>/],
      ['Example, Inc. <a@x.example>', /must be in double quotes/],
      ['a@x.example Bcc:evil@y.example', /expected addr@example.org/],
      ['Ann <a@x>', /not an e-mail address: domain must be a dotted host name/],
      ['Ann <not-an-address>', /not an e-mail address/],
      ['editor', /not an e-mail address/],
      ['Ann <a@x.example', /expected addr@example.org or Name <addr@example.org>/],
    ] as const) {
      for (const field of ['from', 'replyTo'] as const) {
        if (why === null) {
          // Trimmed like every string in the config: a trailing line break is only whitespace.
          expect(parseConfig(withSender(field, bad)).email?.[field]).toBe('Ann <a@x.example>');
          continue;
        }
        const message = configError(withSender(field, bad));
        expect(message, `${field}: ${JSON.stringify(bad)}`).toMatch(why);
        expect(message).toContain(`→ at email.${field}`);
      }
    }
  });

  it('apply to the per-digest overrides, and the error is invalid-config (exit 2)', () => {
    const message = configError({ email: { from: 'digest@news.example' }, digests: [{ id: 'daily', schedule: day, email: { replyTo: 'a@x.example\r\nBcc: evil@y.example' } }] });
    expect(message).toContain('→ at digests[0].email.replyTo');
    try {
      parseConfig(withSender('replyTo', 'a@x.example\r\nBcc: evil@y.example'));
    } catch (error) {
      expect(error).toMatchObject({ name: 'ConfigError', code: 'invalid-config', exitCode: 2 });
    }
    expect.assertions(3);
  });

  it('take email.unsubscribeMailto as a bare address only: it becomes a mailto: URI', () => {
    expect(parseConfig({ email: { from: 'digest@news.example', unsubscribeMailto: 'leave@news.example' } }).email?.unsubscribeMailto).toBe('leave@news.example');
    expect(configError({ email: { from: 'digest@news.example', unsubscribeMailto: 'News <leave@news.example>' } })).toMatch(/without a display name[\s\S]*→ at email\.unsubscribeMailto/);
  });
});

describe('FEEDWRIGHT_EMAIL_BASE_URL', () => {
  it('follows the rules of email.baseUrl, the error naming the variable', () => {
    expect(endpointsUrlFromEnv({ FEEDWRIGHT_EMAIL_BASE_URL: ' https://abc.lambda-url.eu-west-1.on.aws/ ' })).toBe('https://abc.lambda-url.eu-west-1.on.aws/');
    expect(endpointsUrlFromEnv({})).toBeUndefined();
    expect(endpointsUrlFromEnv({ FEEDWRIGHT_EMAIL_BASE_URL: '  ' })).toBeUndefined();
    for (const bad of ['https://x.example/?a=1', 'https://u:p@x.example/', 'not a url']) {
      expect(() => endpointsUrlFromEnv({ FEEDWRIGHT_EMAIL_BASE_URL: bad })).toThrow(/^FEEDWRIGHT_EMAIL_BASE_URL: /);
    }
  });
});

describe('summary', () => {
  it('takes words or sentences, not both (both limits used to apply without a word)', () => {
    expect(configError({ summary: { words: 10, sentences: 3 } })).toMatch(/give words or sentences, not both[\s\S]*→ at summary/);
    expect(parseConfig({ summary: { words: 40 } }).summary).toEqual({ sentences: 3, words: 40 });
    expect(parseConfig({ summary: { sentences: 2 } }).summary).toEqual({ sentences: 2 });
  });
});
