import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { checkExtension, maxGrantableMinutes, warningPlan } from '../../server/domain/sessions/timeLimit.js';
import { caseOutcomeForEnd } from '../../server/domain/sessions/rules.js';
import { generateJoinCode, hashJoinCode } from '../../server/security/joinCodes.js';
import { normaliseJoinCode } from '../../shared/protocol/session.js';
import { iceServersFor } from '../../server/security/turn.js';

const MINUTE = 60_000;
const policy = { defaultMinutes: 60, maxTotalMinutes: 360, warningMinutes: [10, 1] };

describe('time limit rules', () => {
  it('grant extensions up to the cap and name the most that is left beyond it', () => {
    expect(checkExtension(60, 300, policy)).toBe(360);
    expect(maxGrantableMinutes(330, policy)).toBe(30);
    try {
      checkExtension(330, 45, policy);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details).toMatchObject({ maxGrantableMinutes: 30 });
      expect((error as AppError).message).toContain('At most 30 min');
    }
  });

  it('schedule warnings at their marks, and only the most urgent of those already passed', () => {
    const deadline = 60 * MINUTE;
    expect(warningPlan(deadline, policy, [], 0)).toEqual({ schedule: [{ minutesLeft: 10, atMs: 50 * MINUTE }, { minutesLeft: 1, atMs: 59 * MINUTE }], skip: [] });
    // Restarted with 5 minutes left: "10 minutes left" would mislead; send the 1-minute one on time.
    expect(warningPlan(deadline, policy, [], 55 * MINUTE)).toEqual({ schedule: [{ minutesLeft: 1, atMs: 59 * MINUTE }, { minutesLeft: 10, atMs: 55 * MINUTE }], skip: [] });
    // 30 s left and nothing sent: only the 1-minute warning, now.
    expect(warningPlan(deadline, policy, [], 59.5 * MINUTE)).toEqual({ schedule: [{ minutesLeft: 1, atMs: 59.5 * MINUTE }], skip: [10] });
    expect(warningPlan(deadline, policy, [10], 55 * MINUTE).schedule).toEqual([{ minutesLeft: 1, atMs: 59 * MINUTE }]);
    expect(warningPlan(deadline, policy, [], deadline)).toEqual({ schedule: [], skip: [] });
  });

  it('settle the case on some ends', () => {
    expect(caseOutcomeForEnd('consent_timeout')).toBe('user_declined');
    expect(caseOutcomeForEnd('device_not_supported')).toBe('device_not_supported');
    expect(caseOutcomeForEnd('expired')).toBeNull();
  });
});

describe('join codes and ICE', () => {
  it('draws nine digits, accepts them typed with spaces or dashes, and hashes them under a secret', () => {
    const codes = new Set(Array.from({ length: 200 }, generateJoinCode));
    expect([...codes].every((c) => /^\d{9}$/.test(c))).toBe(true);
    expect(codes.size).toBeGreaterThan(195);
    expect(normaliseJoinCode('012 345-678')).toBe('012345678');
    expect(normaliseJoinCode('12345678')).toBeNull();
    expect(hashJoinCode('012345678', 'a'.repeat(32))).not.toBe(hashJoinCode('012345678', 'b'.repeat(32)));
  });

  it('hands out no ICE servers by default, and time-limited TURN credentials in coturn’s scheme', () => {
    expect(iceServersFor({ stunUrls: [], turnUrls: [], turnSecret: null, turnTtlMinutes: 60 }, 'session-1', 0)).toEqual([]);
    const now = Date.parse('2026-11-25T00:00:00Z');
    const servers = iceServersFor({ stunUrls: ['stun:stun.example:3478'], turnUrls: ['turn:turn.example:3478?transport=udp'], turnSecret: 'shared-secret-1234', turnTtlMinutes: 60 }, 'session-7', now);
    const expiry = now / 1000 + 3600;
    expect(servers).toEqual([
      { urls: ['stun:stun.example:3478'] },
      { urls: ['turn:turn.example:3478?transport=udp'], username: `${expiry}:session-7`, credential: createHmac('sha1', 'shared-secret-1234').update(`${expiry}:session-7`).digest('base64') },
    ]);
  });
});
