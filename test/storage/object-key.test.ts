import { describe, expect, it } from 'vitest';
import { validateKey, validatePrefix } from '../../src/storage/index.js';
import { invalidKeyReason, invalidNameReason } from '../../src/storage/object-key.js';

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

describe('invalidNameReason', () => {
  // A listing checks each name alone below a valid folder key: it must say what the whole key's check says.
  it.each(['a.md', '..b', 'x..y', 'a\\b', 'tab\there', 'del\u007f', 'nl\n\\', '.', '..', '.hidden'])('agrees with the whole key for %j', (name) => {
    expect(invalidNameReason(name)).toBe(invalidKeyReason(`posts/2024/${name}`));
    expect(invalidNameReason(name)).toBe(invalidKeyReason(name));
  });

  it('names the problem', () => {
    expect(invalidNameReason('a\\b')).toBe('backslash');
    expect(invalidNameReason('a\u0001b')).toBe('control character');
    expect(invalidNameReason('..')).toBe('".." segment');
    expect(invalidNameReason('ok.md')).toBeUndefined();
  });
});
