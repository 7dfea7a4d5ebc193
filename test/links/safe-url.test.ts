import { describe, expect, it } from 'vitest';
import { safeEmail, safeHttpUrl } from '../../src/links/index.js';

describe('safeHttpUrl', () => {
  it('accepts http(s) and returns the normalised href', () => {
    expect(safeHttpUrl('https://example.com')).toBe('https://example.com/');
    expect(safeHttpUrl('  HTTP://Example.COM/a b  ')).toBe('http://example.com/a%20b');
    expect(safeHttpUrl('img/x.png', 'https://site.example/articles/p.html')).toBe('https://site.example/articles/img/x.png');
  });

  it('reads a URL the way a browser does, so disguised schemes are seen and refused', () => {
    for (const raw of [
      'javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'jav\r\nascript:alert(1)',
      '\u0001javascript:alert(1)',
      ' \u0000JavaScript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'mailto:a@example.com',
      'ftp://example.com/',
    ]) {
      expect(safeHttpUrl(raw), JSON.stringify(raw)).toBeUndefined();
      expect(safeHttpUrl(raw, 'https://site.example/'), JSON.stringify(raw)).toBeUndefined();
    }
  });

  it('refuses what is not a URL', () => {
    expect(safeHttpUrl('http://')).toBeUndefined();
    expect(safeHttpUrl('/relative/only')).toBeUndefined();
    expect(safeHttpUrl('')).toBeUndefined();
  });
});

describe('safeEmail', () => {
  it('accepts an address and refuses anything else', () => {
    expect(safeEmail(' ada@example.com ')).toBe('ada@example.com');
    for (const bad of ['ada', 'ada@', '@example.com', 'Ada <ada@example.com>', 'mailto:ada@example.com', 'a@b.c"><script>', 'a b@example.com']) {
      expect(safeEmail(bad), bad).toBeUndefined();
    }
  });
});
