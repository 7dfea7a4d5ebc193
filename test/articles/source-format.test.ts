import { describe, expect, it } from 'vitest';
import { formatOf } from '../../src/articles/source-format.js';

describe('formatOf', () => {
  it.each([
    ['a.md', 'md'],
    ['posts/2026/a.markdown', 'md'],
    ['A.HTM', 'html'],
    ['x/y.txt', 'txt'],
    ['feed.json', 'json'],
    ['notes.v2.html', 'html'],
  ])('%j is %j', (key, format) => {
    expect(formatOf(key)).toBe(format);
  });

  it.each(['.md', '.hidden.md', 'a/.b.md', '.git/x.md', 'posts/.drafts/x.md', 'dir.md/readme', 'photo.jpg', 'a.constructor', 'a.__proto__', 'noext', 'a.'])(
    '%j is no article source',
    (key) => {
      expect(formatOf(key)).toBeUndefined();
    },
  );
});
