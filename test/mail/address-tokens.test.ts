import { describe, expect, it } from 'vitest';
import { InvalidAddressError, normalizeAddress, signToken, subscriberId, TokenError, verifyToken } from '../../src/subscribers/index.js';
import { NOW, SECRET } from './helpers.js';

describe('normalizeAddress', () => {
  it('trims, lower-cases and punycodes the domain', () => {
    expect(normalizeAddress('  Ann.Lee+news@Example.ORG ')).toBe('ann.lee+news@example.org');
    expect(normalizeAddress('bob@bücher.example')).toBe('bob@xn--bcher-kva.example');
  });

  it.each([
    ['no-at-sign.example.org', 'expected local@domain'],
    ['a@localhost', 'dotted host'],
    ['a b@example.org', 'local part'],
    ['"quoted"@example.org', 'local part'],
    ['a..b@example.org', 'local part'],
    ['a@-bad-.example', 'dotted host'],
    ['a@10.0.0.1', 'IP address'],
    [`${'x'.repeat(65)}@example.org`, '64'],
    ['a@example.org\r\nBcc: victim@example.org', 'local part'],
  ])('refuses %j', (raw, reason) => {
    expect(() => normalizeAddress(raw)).toThrow(InvalidAddressError);
    expect(() => normalizeAddress(raw)).toThrow(reason);
  });

  it('gives one id per canonical address, without the address in it', () => {
    const id = subscriberId(normalizeAddress('Ann@Example.org'));
    expect(id).toBe(subscriberId('ann@example.org'));
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(subscriberId('bob@example.org')).not.toBe(id);
  });
});

describe('subscriber tokens', () => {
  const ann = subscriberId('ann@example.org');
  const bob = subscriberId('bob@example.org');
  const unsub = signToken(SECRET, { act: 'unsubscribe', dig: 'daily', sub: ann });

  it('round-trips the digest and subscriber they were signed for', () => {
    expect(verifyToken(SECRET, unsub, 'unsubscribe', NOW)).toMatchObject({ act: 'unsubscribe', dig: 'daily', sub: ann });
  });

  it('refuses a token signed with another secret (forged)', () => {
    const forged = signToken('another-secret-another-secret-another', { act: 'unsubscribe', dig: 'daily', sub: ann });
    expect(() => verifyToken(SECRET, forged, 'unsubscribe', NOW)).toThrow(new TokenError('bad-signature'));
  });

  it('refuses a token whose payload was switched to another address', () => {
    const [, signature] = unsub.split('.');
    const otherPayload = signToken(SECRET, { act: 'unsubscribe', dig: 'daily', sub: bob }).split('.')[0];
    expect(() => verifyToken(SECRET, `${otherPayload}.${signature}`, 'unsubscribe', NOW)).toThrow(new TokenError('bad-signature'));
  });

  it('refuses a token used for another action', () => {
    expect(() => verifyToken(SECRET, unsub, 'confirm', NOW)).toThrow(new TokenError('wrong-action'));
  });

  it('refuses an expired confirmation token and accepts it before expiry', () => {
    const exp = Math.floor(NOW.getTime() / 1000) + 60;
    const token = signToken(SECRET, { act: 'confirm', dig: 'daily', sub: ann, exp });
    expect(verifyToken(SECRET, token, 'confirm', new Date(NOW.getTime() + 59_000)).sub).toBe(ann);
    expect(() => verifyToken(SECRET, token, 'confirm', new Date(NOW.getTime() + 61_000))).toThrow(new TokenError('expired'));
  });

  it.each(['', 'abc', 'a.b', `${unsub}x`, unsub.replace('.', '')])('refuses malformed %j', (token) => {
    expect(() => verifyToken(SECRET, token, 'unsubscribe', NOW)).toThrow(TokenError);
  });
});
