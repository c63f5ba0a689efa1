import { describe, expect, it } from 'vitest';
import type { TestClock } from '../support/clock.js';
import { liveServerPerTest, liveSession, type LiveFixture } from '../support/live.js';
import { collect, connect, emit, next, refusal, tick } from '../support/realtime.js';

let f: LiveFixture;
let clock: TestClock;

liveServerPerTest((fixture, testClockOfTest) => {
  f = fixture;
  clock = testClockOfTest;
});

describe('an engineer whose access is revoked during a live session', () => {
  it('is cut off at once when disabled: the agent hears viewer:left, nothing more reaches the viewer, and the grace ends the session', async () => {
    const s = await liveSession(f);
    const viewerClosed = next<string>(s.viewer, 'disconnect');
    const viewerLeft = next(s.agent, 'viewer:left');
    const chatsAtViewer = collect(s.viewer, 'session:action');
    const signalsAtViewer = collect(s.viewer, 'signal');

    expect((await f.staff.admin.patch(`/api/users/${f.staff.ids.engineer}`, { disabled: true })).status).toBe(200);
    expect(await viewerClosed).toBe('io server disconnect');
    expect(await viewerLeft).toEqual({ viewerId: s.viewerId });

    // The agent's chat is still recorded, but no viewer receives it; a signal has nobody to go to.
    expect(await emit(s.agent, 'session:action', { kind: 'chat', text: 'are you still there?' })).toEqual({ ok: true });
    expect(await emit(s.agent, 'signal', { to: s.viewerId, data: { type: 'offer', sdp: 'x' } })).toMatchObject({ ok: false, error: { code: 'NOT_SESSION_PARTICIPANT' } });
    await tick(100);
    expect(chatsAtViewer).toEqual([]);
    expect(signalsAtViewer).toEqual([]);
    // The old token does not get the viewer back in.
    expect((await refusal(connect(f.server.url, '/staff', { token: f.engineerToken }))).code).toBe('UNAUTHENTICATED');

    const disconnected = (await f.staff.auditor.get(`/api/audit?sessionId=${s.sessionId}&action=session.engineer_disconnected`)).body.entries;
    expect(disconnected).toHaveLength(1);
    const ended = next(s.agent, 'session:ended');
    await clock.advance(2 * 60_000 - 1);
    expect((await f.staff.auditor.get(`/api/sessions/${s.sessionId}`)).body.status).toBe('active');
    await clock.advance(1);
    expect(await ended).toEqual({ reason: 'engineer_disconnected' });
    expect((await f.staff.auditor.get(`/api/sessions/${s.sessionId}`)).body).toMatchObject({ status: 'ended', endReason: 'engineer_disconnected' });
  });

  it.each([
    ['a role change', { role: 'admin' }],
    ['a password change', { password: 'a-new-password-123' }],
  ])('is cut off at once by %s, and the agent hears viewer:left', async (_what, patch) => {
    const s = await liveSession(f);
    const viewerClosed = next<string>(s.viewer, 'disconnect');
    const viewerLeft = next(s.agent, 'viewer:left');
    expect((await f.staff.admin.patch(`/api/users/${f.staff.ids.engineer}`, patch)).status).toBe(200);
    expect(await viewerClosed).toBe('io server disconnect');
    expect(await viewerLeft).toEqual({ viewerId: s.viewerId });
  });

  it('keeps watching across a change that leaves the tokens valid (the display name)', async () => {
    const s = await liveSession(f);
    const left = collect(s.agent, 'viewer:left');
    expect((await f.staff.admin.patch(`/api/users/${f.staff.ids.engineer}`, { displayName: 'Park Senior' })).status).toBe(200);
    const signal = next(s.viewer, 'signal');
    expect(await emit(s.agent, 'signal', { to: s.viewerId, data: { type: 'offer', sdp: 'still here' } })).toEqual({ ok: true });
    expect(await signal).toMatchObject({ data: { sdp: 'still here' } });
    expect(left).toEqual([]);
    expect(s.viewer.connected).toBe(true);
  });
});
