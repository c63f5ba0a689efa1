import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FailureLimiter, type FailureLimiterOptions } from '../../server/security/failureLimiter.js';
import { JOIN_LIMITS } from '../../server/sessions/joinLimits.js';
import { hashPassword, verifyPassword } from '../../server/security/passwords.js';
import { createSecretBox } from '../../server/security/secretBox.js';
import { createTokenService } from '../../server/security/tokens.js';
import jwt from 'jsonwebtoken';

describe('failure limiter', () => {
  it('allows exactly the free failures, then imposes a doubling wait, and forgets after a quiet period', () => {
    let now = 0;
    const limiter = new FailureLimiter({ freeFailures: 2, baseDelayMs: 1000, maxDelayMs: 5000, forgetAfterMs: 60_000 }, { now: () => now });
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

  it('holds attempts in flight: a concurrent burst gets exactly the free failures evaluated', () => {
    const limiter = new FailureLimiter({ freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 5000, forgetAfterMs: 60_000 }, { now: () => 0 });
    const verdicts = Array.from({ length: 10 }, () => limiter.begin('k'));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
    expect(verdicts[3]).toEqual({ allowed: false, retryAfterMs: 1000 });
    for (let i = 0; i < 3; i++) limiter.end('k', 'failure');
    expect(limiter.begin('k')).toEqual({ allowed: false, retryAfterMs: 1000 });
    // An attempt that turns out right frees its place and starts the key over.
    const other = [limiter.begin('o'), limiter.begin('o')];
    expect(other.every((v) => v.allowed)).toBe(true);
    limiter.end('o', 'success');
    limiter.end('o', 'not_counted');
    expect(Array.from({ length: 3 }, () => limiter.begin('o').allowed)).toEqual([true, true, true]);
  });

  it('starts over after a success', () => {
    const limiter = new FailureLimiter({ freeFailures: 0, baseDelayMs: 1000, maxDelayMs: 5000, forgetAfterMs: 60_000 }, { now: () => 0 });
    limiter.recordFailure('k');
    limiter.recordSuccess('k');
    expect(limiter.check('k')).toEqual({ allowed: true });
  });
});

/** When a guesser who tries the moment it is let gets each wrong code in (seconds from the first). */
function guessTimes(options: FailureLimiterOptions, count: number): number[] {
  let now = 0;
  const limiter = new FailureLimiter(options, { now: () => now });
  const times: number[] = [];
  while (times.length < count) {
    const verdict = limiter.check('k');
    if (!verdict.allowed) {
      now += verdict.retryAfterMs;
      continue;
    }
    times.push(now / 1000);
    limiter.recordFailure('k');
  }
  return times;
}

describe('join-code limits, as docs/security.md computes the guessing rate from them', () => {
  it('let one address try 5 codes at once, then after 2, 4, 8, … s', () => {
    expect(guessTimes(JOIN_LIMITS.perAddress, 13)).toEqual([0, 0, 0, 0, 0, 2, 6, 14, 30, 62, 126, 254, 510]);
  });

  it('let all addresses together try 100 codes at once, then after 1, 2, 4, … s, capped at 60 s', () => {
    const times = guessTimes(JOIN_LIMITS.global, 108);
    expect(times.slice(0, 100)).toEqual(Array(100).fill(0));
    expect(times.slice(100)).toEqual([1, 3, 7, 15, 31, 63, 123, 183]);
  });

  it('forget an address after 30 quiet minutes and everyone after an hour', () => {
    for (const [options, quietMs] of [[JOIN_LIMITS.perAddress, 30 * 60_000], [JOIN_LIMITS.global, 60 * 60_000]] as const) {
      let now = 0;
      const limiter = new FailureLimiter(options, { now: () => now });
      for (let i = 0; i < options.freeFailures; i++) limiter.recordFailure('k');
      expect(limiter.check('k').allowed).toBe(false);
      now += quietMs;
      expect(limiter.check('k').allowed).toBe(true);
      limiter.recordFailure('k'); // still counted: the quiet period must pass in full
      expect(limiter.check('k').allowed).toBe(false);
      now += quietMs + 1;
      expect(limiter.check('k')).toEqual({ allowed: true });
      limiter.recordFailure('k');
      expect(limiter.check('k')).toEqual({ allowed: true });
    }
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
