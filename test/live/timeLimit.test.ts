import { describe, expect, it } from 'vitest';
import { EXTENSION_CONSENT, sha256Hex } from '../../shared/consent.js';
import type { TestClock } from '../support/clock.js';
import { liveServerPerTest, liveSession, type LiveFixture, type LiveSession } from '../support/live.js';
import { closeSockets, collect, connect, connectAgent, emit, next, tick } from '../support/realtime.js';
import { startTestServer } from '../support/server.js';

const MINUTE = 60_000;
let f: LiveFixture;
let clock: TestClock;

liveServerPerTest((fixture, testClockOfTest) => {
  f = fixture;
  clock = testClockOfTest;
});

async function extensionAnswer(requestId: string, decision: 'accept' | 'decline') {
  return { requestId, decision, textVersion: EXTENSION_CONSENT.version, textSha256: await sha256Hex(EXTENSION_CONSENT.en), language: 'en', typedName: 'Lee Customer' };
}
const sessionOf = async (s: LiveSession) => (await f.staff.engineer.get(`/api/sessions/${s.sessionId}`)).body;

describe('the time limit', () => {
  it('warns both sides 10 and 1 minute before the end, then ends the session as expired', async () => {
    const s = await liveSession(f);
    const agentWarnings = collect(s.agent, 'session:warning');
    const viewerWarnings = collect(s.viewer, 'session:warning');
    await clock.advance(50 * MINUTE - 1);
    await tick();
    expect(agentWarnings).toEqual([]);
    await clock.advance(1);
    await tick();
    expect(agentWarnings).toEqual([{ minutesLeft: 10, deadline: expect.objectContaining({ remainingMs: 10 * MINUTE }) }]);
    await clock.advance(9 * MINUTE);
    await tick();
    expect(agentWarnings.map((w) => w.minutesLeft)).toEqual([10, 1]);
    expect(viewerWarnings.map((w) => w.minutesLeft)).toEqual([10, 1]);
    const agentEnded = next(s.agent, 'session:ended');
    const viewerEnded = next(s.viewer, 'session:ended');
    await clock.advance(MINUTE);
    expect(await agentEnded).toEqual({ reason: 'expired' });
    expect(await viewerEnded).toEqual({ sessionId: s.sessionId, reason: 'expired' });
    expect(await sessionOf(s)).toMatchObject({ status: 'ended', endReason: 'expired', endedAt: '2026-11-25T03:00:00.000Z' });
    expect((await emit(s.viewer, 'signal', { sessionId: s.sessionId, data: { type: 'offer', sdp: 'x' } })).error.code).toBe('SESSION_ENDED');
  });

  it('ends at the deadline also while the agent is disconnected', async () => {
    const s = await liveSession(f);
    await clock.advance(59 * MINUTE);
    // One minute left, a two-minute grace period: the deadline comes first.
    s.agent.disconnect();
    await tick();
    const viewerEnded = next(s.viewer, 'session:ended');
    await clock.advance(MINUTE);
    expect(await viewerEnded).toEqual({ sessionId: s.sessionId, reason: 'expired' });
  });

  it('ends a session whose agent stays away longer than the grace period', async () => {
    const s = await liveSession(f);
    s.agent.disconnect();
    await tick();
    expect((await sessionOf(s)).agentConnected).toBe(false);
    const viewerEnded = next(s.viewer, 'session:ended');
    await clock.advance(2 * MINUTE);
    expect(await viewerEnded).toEqual({ sessionId: s.sessionId, reason: 'agent_disconnected' });
  });

  it('keeps a session whose agent comes back within the grace period', async () => {
    const s = await liveSession(f);
    s.agent.disconnect();
    await tick();
    await clock.advance(MINUTE);
    const { welcome } = await connectAgent(f.server.url, { sessionToken: s.token });
    expect(welcome).toMatchObject({ status: 'active', viewers: [{ viewerId: s.viewerId, role: 'owner' }], deadline: { remainingMs: 59 * MINUTE } });
    await clock.advance(2 * MINUTE);
    expect((await sessionOf(s)).status).toBe('active');
  });

  it('ends a session whose engineer stays away longer than the grace period', async () => {
    const s = await liveSession(f);
    const agentEnded = next(s.agent, 'session:ended');
    s.viewer.disconnect();
    await tick();
    await clock.advance(2 * MINUTE);
    expect(await agentEnded).toEqual({ reason: 'engineer_disconnected' });
  });

  it('lets the user stop at any time from the agent', async () => {
    const s = await liveSession(f);
    const viewerEnded = next(s.viewer, 'session:ended');
    expect((await emit(s.agent, 'agent:stop', {})).ok).toBe(true);
    expect(await viewerEnded).toEqual({ sessionId: s.sessionId, reason: 'user_stopped' });
  });
});

describe('extensions', () => {
  it('extend the deadline only when the user accepts, as a consent record of its own', async () => {
    const s = await liveSession(f);
    await clock.advance(55 * MINUTE);
    await tick();
    const offered = next(s.agent, 'session:extension-request');
    const request = await emit(s.viewer, 'session:extend', { sessionId: s.sessionId, minutes: 30, reason: 'reinstalling the C++ runtime' });
    expect(request).toMatchObject({ ok: true, expiresInMs: 2 * MINUTE });
    const shown = await offered;
    expect(shown).toMatchObject({ requestId: request.requestId, minutes: 30, reason: 'reinstalling the C++ runtime', engineerName: 'eng1 name', newTotalMinutes: 90 });
    expect(shown.text.version).toBe(EXTENSION_CONSENT.version);
    expect(await sessionOf(s)).toMatchObject({ deadline: { endsAt: '2026-11-25T03:00:00.000Z' } });
    const answer = next(s.viewer, 'session:extension-answer');
    const accepted = await emit(s.agent, 'agent:extension-answer', await extensionAnswer(request.requestId, 'accept'));
    expect(accepted).toMatchObject({ ok: true, deadline: { endsAt: '2026-11-25T03:30:00.000Z', grantedMinutes: 90 } });
    expect(await answer).toMatchObject({ decision: 'accept', deadline: { endsAt: '2026-11-25T03:30:00.000Z' } });
    const consents = (await f.staff.auditor.get(`/api/sessions/${s.sessionId}/consents`)).body;
    expect(consents.map((c: any) => [c.kind, c.decision, c.extensionMinutes])).toEqual([
      ['session', 'accept', null],
      ['extension', 'accept', 30],
    ]);
    // The old deadline passes without ending it; the warnings start over for the new one.
    const warnings = collect(s.agent, 'session:warning');
    await clock.advance(5 * MINUTE);
    await tick();
    expect((await sessionOf(s)).status).toBe('active');
    await clock.advance(20 * MINUTE);
    await tick();
    expect(warnings.map((w) => w.minutesLeft)).toEqual([10]);
    const ended = next(s.agent, 'session:ended');
    await clock.advance(10 * MINUTE);
    expect(await ended).toEqual({ reason: 'expired' });
  });

  it('change nothing when declined', async () => {
    const s = await liveSession(f);
    const request = await emit(s.viewer, 'session:extend', { sessionId: s.sessionId, minutes: 30, reason: 'more tests' });
    const answer = next(s.viewer, 'session:extension-answer');
    expect((await emit(s.agent, 'agent:extension-answer', await extensionAnswer(request.requestId, 'decline'))).ok).toBe(true);
    expect(await answer).toMatchObject({ decision: 'decline', deadline: { endsAt: '2026-11-25T03:00:00.000Z' } });
    expect((await sessionOf(s)).deadline.grantedMinutes).toBe(60);
  });

  it('expire unanswered and change nothing; a late answer is refused', async () => {
    const s = await liveSession(f);
    const request = await emit(s.viewer, 'session:extend', { sessionId: s.sessionId, minutes: 30, reason: 'more tests' });
    const lapsed = next(s.agent, 'session:extension-expired');
    const answer = next(s.viewer, 'session:extension-answer');
    await clock.advance(2 * MINUTE);
    expect(await lapsed).toEqual({ requestId: request.requestId });
    expect(await answer).toMatchObject({ decision: 'expired' });
    const late = await emit(s.agent, 'agent:extension-answer', await extensionAnswer(request.requestId, 'accept'));
    expect(late).toMatchObject({ ok: false, error: { code: 'EXTENSION_UNKNOWN' } });
    expect((await sessionOf(s)).deadline.grantedMinutes).toBe(60);
  });

  it('are refused beyond 6 hours in all, naming the most that can still be granted', async () => {
    const s = await liveSession(f);
    const tooMuch = await emit(s.viewer, 'session:extend', { sessionId: s.sessionId, minutes: 301, reason: 'long reinstall' });
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'EXTENSION_TOO_LONG', details: { maxGrantableMinutes: 300 } } });
    expect(tooMuch.error.message).toContain('At most 5 h more');
    const most = await emit(s.viewer, 'session:extend', { sessionId: s.sessionId, minutes: 300, reason: 'long reinstall' });
    await emit(s.agent, 'agent:extension-answer', await extensionAnswer(most.requestId, 'accept'));
    const more = await emit(s.viewer, 'session:extend', { sessionId: s.sessionId, minutes: 1, reason: 'a minute more' });
    expect(more).toMatchObject({ ok: false, error: { code: 'EXTENSION_TOO_LONG', details: { maxGrantableMinutes: 0 } } });
    expect((await sessionOf(s)).deadline).toMatchObject({ grantedMinutes: 360, endsAt: '2026-11-25T08:00:00.000Z' });
  });

  it('are one at a time, and only from the owning engineer', async () => {
    const s = await liveSession(f);
    await emit(s.viewer, 'session:extend', { sessionId: s.sessionId, minutes: 10, reason: 'first request' });
    expect((await emit(s.viewer, 'session:extend', { sessionId: s.sessionId, minutes: 10, reason: 'second request' })).error.code).toBe('EXTENSION_PENDING');
    const otherToken = (await f.server.api.post('/api/auth/login', { username: 'eng2', password: 'staff-password-1' })).body.token;
    const other = await connect(f.server.url, '/staff', { token: otherToken });
    expect((await emit(other, 'session:extend', { sessionId: s.sessionId, minutes: 10, reason: 'not mine' })).error.code).toBe('NOT_SESSION_PARTICIPANT');
  });
});

describe('restarts', () => {
  it('keep a live session’s deadline', async () => {
    const s = await liveSession(f);
    await clock.advance(20 * MINUTE);
    closeSockets();
    await f.server.stop();
    const restarted = await startTestServer({ clock, dataDir: f.server.dataDir, env: { RA_TOKEN_TTL_MINUTES: String(7 * 24 * 60), RA_DISCONNECT_GRACE_MINUTES: '60' } });
    try {
      const { welcome, agent } = await connectAgent(restarted.url, { sessionToken: s.token });
      expect(welcome).toMatchObject({ status: 'active', deadline: { endsAt: '2026-11-25T03:00:00.000Z', remainingMs: 40 * MINUTE } });
      const ended = next(agent, 'session:ended');
      await clock.advance(40 * MINUTE);
      expect(await ended).toEqual({ reason: 'expired' });
    } finally {
      closeSockets();
      await restarted.stop();
    }
  });

  it('end, with an audit entry, a session whose deadline passed while the server was down', async () => {
    const s = await liveSession(f);
    closeSockets();
    await f.server.stop();
    clock.set('2026-11-25T04:00:00Z');
    const restarted = await startTestServer({ clock, dataDir: f.server.dataDir, env: { RA_TOKEN_TTL_MINUTES: String(7 * 24 * 60) } });
    try {
      const api = restarted.api.as((await restarted.api.post('/api/auth/login', { username: 'aud', password: 'staff-password-1' })).body.token);
      const ended = (await api.get(`/api/audit?sessionId=${s.sessionId}&action=session.ended`)).body.entries;
      expect(ended).toHaveLength(1);
      expect(ended[0]).toMatchObject({ actor: { kind: 'system' }, details: { reason: 'expired', whileServerDown: true } });
      expect((await api.get(`/api/sessions/${s.sessionId}`)).body).toMatchObject({ status: 'ended', endReason: 'expired' });
    } finally {
      await restarted.stop();
    }
  });
});
