import { describe, expect, it } from 'vitest';
import type { CheckedItem } from '../../src/feeds/check-feed.js';
import {
  ARCHIVE_FRAGMENT_CHARS,
  LARGE_SITE_ARCHIVE_FRAGMENT_CHARS,
  createItemCache,
  forgetItemFragments,
  useArchiveFragmentBudget,
} from '../../src/feeds/item-fragments.js';
import { CONTENT_IN_MEMORY } from '../../src/publish/content-in-memory.js';
import { archiveFragmentChars } from '../../src/publish/render-runner.js';

const item = (contentHtml: string) => ({ id: 'x', contentHtml }) as unknown as CheckedItem;

describe('item fragment cache', () => {
  it('makes a fragment once per item and mode', () => {
    const cache = createItemCache<string>({ limit: 1000, used: 0 });
    const a = item('');
    let made = 0;
    const make = (text: string) => () => (made++, text);
    expect(cache(a, 'summary', make('one'))).toBe('one');
    expect(cache(a, 'summary', make('other'))).toBe('one');
    expect(cache(a, 'both', make('two'))).toBe('two');
    expect(made).toBe(2);
  });

  it('keeps content-free fragments only within the budget; items with content always', () => {
    const budget = { limit: 10, used: 0 };
    const cache = createItemCache<string>(budget);
    const [first, second, full] = [item(''), item(''), item('<p>body</p>')];
    let made = 0;
    const make = (text: string) => () => (made++, text);
    cache(first, 'both', make('123456'));
    cache(second, 'both', make('1234567'));
    cache(full, 'both', make('a long fragment with content'));
    expect(budget.used).toBe(6);
    made = 0;
    cache(first, 'both', make('123456'));
    cache(second, 'both', make('1234567'));
    cache(full, 'both', make('a long fragment with content'));
    // Only `second` (6 + 7 > 10) is made again.
    expect(made).toBe(1);
  });

  it('flattens text made by concatenation, keeping its characters', () => {
    const cache = createItemCache<string>({ limit: 1000, used: 0 });
    const built = ['a', 'b', 'c'].reduce((s, c) => s + c.repeat(20), '    ').replaceAll('a', '\n  a');
    expect(cache(item(''), 'both', () => built)).toBe(built);
  });
});

describe('forgetItemFragments', () => {
  it('makes every cached fragment again on its next use', () => {
    const cache = createItemCache<string>({ limit: 1000, used: 0 });
    const a = item('');
    let made = 0;
    cache(a, 'both', () => (made++, 'one'));
    forgetItemFragments();
    expect(cache(a, 'both', () => (made++, 'again'))).toBe('again');
    expect(made).toBe(2);
  });
});

describe('caches drawing on one budget', () => {
  it('keep each writer’s text apart for the same item and mode, and charge the budget for both', () => {
    const budget = { limit: 1000, used: 0 };
    const rss = createItemCache<string>(budget);
    const json = createItemCache<string>(budget);
    const a = item('');
    expect(rss(a, 'both', () => '<item/>')).toBe('<item/>');
    expect(json(a, 'both', () => '{}')).toBe('{}');
    expect(rss(a, 'both', () => 'made again')).toBe('<item/>');
    expect(json(a, 'both', () => 'made again')).toBe('{}');
    expect(json(a, 'summary', () => '{"s":1}')).toBe('{"s":1}');
    expect(rss(a, 'both', () => 'made again')).toBe('<item/>');
    expect(budget.used).toBe('<item/>'.length + '{}'.length + '{"s":1}'.length);
  });

  it('get their characters back when the fragments are forgotten', () => {
    const budget = { limit: 10, used: 0 };
    const cache = createItemCache<string>(budget);
    cache(item(''), 'both', () => '1234567890');
    expect(budget.used).toBe(10);
    forgetItemFragments();
    expect(budget.used).toBe(0);
    const b = item('');
    let made = 0;
    cache(b, 'both', () => (made++, '123'));
    cache(b, 'both', () => (made++, '123'));
    expect(made).toBe(1);
  });
});

describe('the writers’ budget by site size', () => {
  it('a cache on the default budget keeps what the budget set last allows, and no more', () => {
    const cache = createItemCache<string>();
    forgetItemFragments();
    useArchiveFragmentBudget(10);
    try {
      let made = 0;
      const [a, b] = [item(''), item('')];
      cache(a, 'both', () => (made++, '123456'));
      cache(b, 'both', () => (made++, '1234567'));
      cache(a, 'both', () => (made++, '123456'));
      cache(b, 'both', () => (made++, '1234567'));
      // `a` fits the 10 characters; `b` (6 + 7) does not and is made each time.
      expect(made).toBe(3);
    } finally {
      useArchiveFragmentBudget(ARCHIVE_FRAGMENT_CHARS);
      forgetItemFragments();
    }
  });

  it('a site past the content kept in memory keeps fewer fragments than one within it', () => {
    expect(archiveFragmentChars(CONTENT_IN_MEMORY)).toBe(ARCHIVE_FRAGMENT_CHARS);
    expect(archiveFragmentChars(CONTENT_IN_MEMORY + 1)).toBe(LARGE_SITE_ARCHIVE_FRAGMENT_CHARS);
    expect(LARGE_SITE_ARCHIVE_FRAGMENT_CHARS).toBeLessThan(ARCHIVE_FRAGMENT_CHARS);
  });
});
