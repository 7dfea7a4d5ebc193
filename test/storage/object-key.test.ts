import { describe, expect, it } from 'vitest';
import { validateKey, validatePrefix } from '../../src/storage/index.js';

describe('validateKey', () => {
  it.each(['feed.xml', 'articles/a-b.html', 'digests/daily/2025-02-24.html', '_feedwright/state.json', 'a/..b/c', 'x..y'])(
    'accepts %j',
    (key) => {
      expect(validateKey(key)).toBe(key);
    },
  );

  it.each([
    ['', 'empty'],
    ['..', '".." segment'],
    ['a/../b', '".." segment'],
    ['./a', '"." segment'],
    ['/a', 'leading "/"'],
    ['a//b', 'empty path segment'],
    ['a/', 'empty path segment'],
    ['a\\b', 'backslash'],
    ['a\nb', 'control character'],
  ])('refuses %j (%s)', (key, reason) => {
    expect(() => validateKey(key)).toThrowError(expect.objectContaining({ name: 'StorageError', location: { key } }));
    expect(() => validateKey(key)).toThrow(reason);
  });
});

describe('validatePrefix', () => {
  it.each(['', 'articles/', 'articles', 'digests/daily/2025'])('accepts %j', (prefix) => {
    expect(validatePrefix(prefix)).toBe(prefix);
  });

  it.each(['/', '../', 'a//', '/articles/', 'a/../'])('refuses %j', (prefix) => {
    expect(() => validatePrefix(prefix)).toThrowError(expect.objectContaining({ name: 'StorageError' }));
  });
});
