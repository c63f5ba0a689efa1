import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FailureLimiter } from '../../server/security/failureLimiter.js';
import { hashPassword, verifyPassword } from '../../server/security/passwords.js';
import { createSecretBox } from '../../server/security/secretBox.js';
import { createTokenService } from '../../server/security/tokens.js';
import jwt from 'jsonwebtoken';

describe('failure limiter', () => {
  it('allows the free failures, then imposes a doubling wait, and forgets after a quiet period', () => {
    let now = 0;
    const limiter = new FailureLimiter({ freeFailures: 2, baseDelayMs: 1000, maxDelayMs: 5000, forgetAfterMs: 60_000 }, { now: () => now });
    limiter.recordFailure('k');
    limiter.recordFailure('k');
    expect(limiter.check('k')).toEqual({ allowed: true });
    limiter.recordFailure('k');
    expect(limiter.check('k')).toEqual({ allowed: false, retryAfterMs: 1000 });
    now += 1000;
    limiter.recordFailure('k');
    expect(limiter.check('k')).toEqual({ allowed: false, retryAfterMs: 2000 });
    now += 2000;
    limiter.recordFailure('k');
    limiter.recordFailure('k');
    expect(limiter.check('k')).toEqual({ allowed: false, retryAfterMs: 5000 }); // capped
    expect(limiter.check('other')).toEqual({ allowed: true });
    now += 61_000;
    expect(limiter.check('k')).toEqual({ allowed: true });
  });

  it('starts over after a success', () => {
    const limiter = new FailureLimiter({ freeFailures: 0, baseDelayMs: 1000, maxDelayMs: 5000, forgetAfterMs: 60_000 }, { now: () => 0 });
    limiter.recordFailure('k');
    limiter.recordSuccess('k');
    expect(limiter.check('k')).toEqual({ allowed: true });
  });
});

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(randomBytes(32));
  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('pw-secret-1', 'case:1');
    expect(sealed).not.toContain('pw-secret-1');
    expect(box.open(sealed, 'case:1')).toBe('pw-secret-1');
  });
  it('refuses a ciphertext moved to another case or tampered with', () => {
    const sealed = box.seal('pw-secret-1', 'case:1');
    expect(() => box.open(sealed, 'case:2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x').toString('base64url') + parts[3]!.slice(2);
    expect(() => box.open(parts.join('.'), 'case:1')).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'case:1')).toThrow();
  });
});

describe('passwords (scrypt)', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
  });
});

describe('staff tokens', () => {
  const service = createTokenService({ secret: 's'.repeat(40), ttlSeconds: 60, now: () => Date.parse('2026-11-25T00:00:00Z') });
  it('carries user, role and token version, and expires', () => {
    const { token } = service.issue({ id: 7, role: 'engineer', tokenVersion: 3 });
    expect(service.verify(token)).toMatchObject({ userId: 7, role: 'engineer', tokenVersion: 3 });
    const later = createTokenService({ secret: 's'.repeat(40), ttlSeconds: 60, now: () => Date.parse('2026-11-25T00:01:01Z') });
    expect(() => later.verify(token)).toThrow(/expired/);
  });
  it('refuses the "none" algorithm, another audience and another secret', () => {
    const claims = { sub: '7', role: 'admin', tv: 0, exp: Date.parse('2026-11-26T00:00:00Z') / 1000 };
    const unsigned = jwt.sign(claims, '', { algorithm: 'none', audience: 'remote-assist:staff', issuer: 'remote-assist' });
    expect(() => service.verify(unsigned)).toThrow();
    const otherAudience = jwt.sign(claims, 's'.repeat(40), { algorithm: 'HS256', audience: 'elsewhere', issuer: 'remote-assist' });
    expect(() => service.verify(otherAudience)).toThrow(/audience/);
    const otherSecret = jwt.sign(claims, 'x'.repeat(40), { algorithm: 'HS256', audience: 'remote-assist:staff', issuer: 'remote-assist' });
    expect(() => service.verify(otherSecret)).toThrow(/signature/);
  });
});
