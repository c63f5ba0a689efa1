import { describe, expect, it } from 'vitest';
import { SESSION_CONSENT, sha256Hex } from '../../shared/consent.js';
import type { TestClock } from '../support/clock.js';
import { contactedCase, liveServerPerTest, liveSession, openSession, type LiveFixture } from '../support/live.js';
import { collect, connect, connectAgent, consentAnswer, emit, next, tick, windowsDevice } from '../support/realtime.js';

const OFFER = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
let f: LiveFixture;
let clock: TestClock;

liveServerPerTest((fixture, testClockOfTest) => {
  f = fixture;
  clock = testClockOfTest;
});

async function joinedAgent() {
  const caseId = await contactedCase(f);
  const { sessionId, code } = await openSession(f, caseId);
  const viewer = await connect(f.server.url, '/staff', { token: f.engineerToken });
  const watch = await emit(viewer, 'session:watch', { sessionId });
  const { agent, welcome } = await connectAgent(f.server.url, { joinCode: code });
  return { caseId, sessionId, viewer, agent, welcome, viewerId: watch.viewerId as string };
}

describe('consent before anything', () => {
  it('gives the agent everything the user must read, with the consent text’s version and hashes', async () => {
    const { agent, sessionId, caseId } = await joinedAgent();
    const hello = await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'ko', agentVersion: 'test' });
    expect(hello.ok).toBe(true);
    expect(hello.consent).toMatchObject({
      sessionId,
      caseRef: `RA-${String(caseId).padStart(6, '0')}`,
      engineerName: 'eng1 name',
      helpdeskName: 'KOLLUS HelpDesk',
      capabilities: ['view_screen', 'control_input', 'diagnostics', 'chat'],
      everyActionLogged: true,
      canStopAnytime: true,
      timeLimitMinutes: 60,
      maxTotalMinutes: 360,
      text: { version: SESSION_CONSENT.version, sha256: { ko: await sha256Hex(SESSION_CONSENT.ko), en: await sha256Hex(SESSION_CONSENT.en) } },
    });
    expect(hello.consent.diagnostics).toContain('network');
  });

  it('relays no signal before consent is recorded, in either direction, and audits each refusal', async () => {
    const { agent, viewer, sessionId, viewerId } = await joinedAgent();
    const received = collect(viewer, 'signal');
    const toAgent = collect(agent, 'signal');
    const fromAgent = await emit(agent, 'signal', { to: viewerId, data: OFFER });
    expect(fromAgent).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_CONSENTED' } });
    await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' });
    const fromViewer = await emit(viewer, 'signal', { sessionId, data: OFFER });
    expect(fromViewer).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_CONSENTED' } });
    await tick();
    expect(received).toEqual([]);
    expect(toAgent).toEqual([]);
    const refusals = await f.staff.auditor.get(`/api/audit?sessionId=${sessionId}&action=session.signal_refused`);
    expect(refusals.body.entries).toHaveLength(2);
    expect(refusals.body.entries.map((e: any) => e.details.code)).toEqual(['SESSION_NOT_CONSENTED', 'SESSION_NOT_CONSENTED']);
  });

  it('records the consent in the store and the audit log before the first signal is relayed', async () => {
    const { agent, viewer, sessionId, viewerId } = await joinedAgent();
    await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' });
    const joined = next(agent, 'viewer:joined');
    const consent = await emit(agent, 'agent:consent', await consentAnswer('accept', { typedName: '이고객', language: 'ko', textSha256: await sha256Hex(SESSION_CONSENT.ko) }));
    expect(consent).toMatchObject({ ok: true, deadline: { remainingMs: 3_600_000, grantedMinutes: 60 } });
    expect(await joined).toMatchObject({ viewerId, role: 'owner', name: 'eng1 name' });
    const signal = next(viewer, 'signal');
    expect((await emit(agent, 'signal', { to: viewerId, data: OFFER })).ok).toBe(true);
    expect(await signal).toEqual({ sessionId, data: OFFER });
    const back = next(agent, 'signal');
    expect((await emit(viewer, 'signal', { sessionId, data: { type: 'answer', sdp: 'v=0\r\n' } })).ok).toBe(true);
    expect(await back).toEqual({ from: viewerId, data: { type: 'answer', sdp: 'v=0\r\n' } });

    const consents = await f.staff.auditor.get(`/api/sessions/${sessionId}/consents`);
    expect(consents.body).toEqual([
      expect.objectContaining({
        kind: 'session', decision: 'accept', at: '2026-11-25T02:00:00.000Z', textVersion: SESSION_CONSENT.version,
        textSha256: await sha256Hex(SESSION_CONSENT.ko), language: 'ko', typedName: '이고객', ip: expect.stringMatching(/127\.0\.0\.1/),
        deviceSummary: expect.stringContaining('Microsoft Windows 10 Pro'),
      }),
    ]);
    const actions = (await f.staff.auditor.get(`/api/audit?sessionId=${sessionId}`)).body.entries.map((e: any) => e.action);
    expect(actions).toEqual(['session.opened', 'session.agent_joined', 'session.device_accepted', 'session.consent_recorded', 'session.started']);
    const session = await f.staff.engineer.get(`/api/sessions/${sessionId}`);
    expect(session.body).toMatchObject({ status: 'active', startedAt: '2026-11-25T02:00:00.000Z', agentConnected: true });
  });

  it('on decline closes the session, sends nothing and moves the case to "user declined"', async () => {
    const { agent, viewer, sessionId, caseId, viewerId } = await joinedAgent();
    await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' });
    const ended = next(viewer, 'session:ended');
    const agentEnded = next(agent, 'session:ended');
    expect((await emit(agent, 'agent:consent', await consentAnswer('decline'))).ok).toBe(true);
    expect(await ended).toEqual({ sessionId, reason: 'user_declined' });
    expect(await agentEnded).toEqual({ reason: 'user_declined' });
    const c = await f.staff.engineer.get(`/api/cases/${caseId}`);
    expect(c.body).toMatchObject({ status: 'closed', outcome: 'user_declined' });
    const consents = await f.staff.auditor.get(`/api/sessions/${sessionId}/consents`);
    expect(consents.body[0]).toMatchObject({ decision: 'decline' });
    // Nothing passes afterwards either.
    const late = await emit(viewer, 'signal', { sessionId, data: OFFER });
    expect(late).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
    void viewerId;
  });

  it('refuses a consent naming another text version or hash, and records nothing', async () => {
    const { agent, sessionId } = await joinedAgent();
    await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' });
    const wrong = await emit(agent, 'agent:consent', await consentAnswer('accept', { textSha256: 'a'.repeat(64) }));
    expect(wrong).toMatchObject({ ok: false, error: { code: 'CONSENT_TEXT_MISMATCH' } });
    const old = await emit(agent, 'agent:consent', await consentAnswer('accept', { textVersion: 'RA-SESSION-CONSENT-2020-01' }));
    expect(old.ok).toBe(false);
    expect((await f.staff.auditor.get(`/api/sessions/${sessionId}/consents`)).body).toEqual([]);
    expect((await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body.status).toBe('consent_pending');
  });

  it('declines by itself when the consent prompt is left unanswered', async () => {
    const { agent, sessionId, caseId } = await joinedAgent();
    await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' });
    const ended = next(agent, 'session:ended');
    await clock.advance(5 * 60_000);
    expect(await ended).toEqual({ reason: 'consent_timeout' });
    expect((await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body).toMatchObject({ status: 'ended', endReason: 'consent_timeout' });
    expect((await f.staff.engineer.get(`/api/cases/${caseId}`)).body.outcome).toBe('user_declined');
  });

  it('lets a consented session relay, then refuses everything after the engineer ends it', async () => {
    const s = await liveSession(f);
    const agentEnded = next(s.agent, 'session:ended');
    expect((await emit(s.viewer, 'session:end', { sessionId: s.sessionId })).ok).toBe(true);
    expect(await agentEnded).toEqual({ reason: 'engineer_ended' });
    const refused = await emit(s.viewer, 'signal', { sessionId: s.sessionId, data: OFFER });
    expect(refused).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
    const c = await f.staff.engineer.get(`/api/cases/${s.caseId}`);
    expect(c.body.status).toBe('contacted');
    const audit = (await f.staff.auditor.get(`/api/audit?sessionId=${s.sessionId}&action=session.signal_refused`)).body.entries;
    expect(audit.at(-1).details.code).toBe('SESSION_ENDED');
  });
});
