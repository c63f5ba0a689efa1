import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { TestClock } from '../support/clock.js';
import { contactedCase, liveServerPerTest, liveSession, openSession, type LiveFixture } from '../support/live.js';
import { collect, connect, connectAgent, emit, next, refusal, tick, windowsDevice } from '../support/realtime.js';

let f: LiveFixture;
let clock: TestClock;

liveServerPerTest((fixture, testClockOfTest) => {
  f = fixture;
  clock = testClockOfTest;
}, '2026-11-25T02:00:00Z', { RA_SOCKET_MAX_MESSAGE_KB: '64' });

const statusOf = async (id: number) => (await f.staff.engineer.get(`/api/sessions/${id}`)).body.status;

describe('malformed events', () => {
  it('get an error ack, change nothing and are logged — without the payload', async () => {
    const { code, sessionId } = await openSession(f, await contactedCase(f));
    const { agent } = await connectAgent(f.server.url, { joinCode: code });
    const cases = [
      ['agent:hello', { device: { platform: 'windows' }, language: 'en', agentVersion: 't' }],
      ['agent:hello', 'not an object'],
      ['agent:hello', { device: windowsDevice(), language: 'fr', agentVersion: 't' }],
      ['agent:consent', { decision: 'maybe', typedName: 'x' }],
      ['signal', { to: 'someone', data: { type: 'offer', sdp: 42 } }],
      ['session:action', { kind: 'keystroke', key: 'a' }],
      ['agent:stop', { reason: 'x'.repeat(600) }],
    ] as const;
    for (const [event, payload] of cases) {
      const ack = await emit(agent, event, payload);
      expect(ack, event).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    expect(await statusOf(sessionId)).toBe('waiting');
    const logs = f.server.logs();
    expect(logs).toContain('"event":"session:action"');
    expect(logs).not.toContain('keystroke');
  });

  it('without an ack callback are dropped, and the server stays up', async () => {
    const { code, sessionId } = await openSession(f, await contactedCase(f));
    const { agent } = await connectAgent(f.server.url, { joinCode: code });
    agent.emit('agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 't' });
    await tick(100);
    expect(await statusOf(sessionId)).toBe('waiting');
    expect((await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 't' })).ok).toBe(true);
  });

  it('over the size limit close that connection only', async () => {
    const s = await liveSession(f);
    const closed = next(s.agent, 'disconnect');
    s.agent.emit('session:action', { kind: 'chat', text: 'x'.repeat(70 * 1024) }, () => undefined);
    expect(await closed).toBe('transport close');
    expect((await f.server.api.get('/api/health')).status).toBe(200);
    expect(await statusOf(s.sessionId)).toBe('active');
  });
});

describe('connection-state recovery', () => {
  it('brings a dropped viewer back with its rooms, after authenticating it again', async () => {
    const s = await liveSession(f);
    const socket = io(`${f.server.url}/staff`, { auth: { token: f.engineerToken }, transports: ['websocket'], reconnectionDelay: 10, reconnectionDelayMax: 10 });
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      await socket.emitWithAck('session:watch', { sessionId: s.sessionId });
      // Recovery resumes from the last broadcast the client saw.
      const seen = new Promise((resolve) => socket.once('session:action', resolve));
      await emit(s.agent, 'session:action', { kind: 'control_granted' });
      await seen;
      const back = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.io.engine.close();
      await back;
      expect(socket.recovered).toBe(true);
      // Still a viewer of the session: its signals pass, and the grace period was called off.
      const signal = new Promise((resolve) => s.agent.once('signal', resolve));
      expect((await socket.emitWithAck('signal', { sessionId: s.sessionId, data: { type: 'answer', sdp: 'after recovery' } })).ok).toBe(true);
      expect(await signal).toMatchObject({ data: { sdp: 'after recovery' } });
      await clock.advance(5 * 60_000);
      expect(await statusOf(s.sessionId)).toBe('active');
    } finally {
      socket.disconnect();
    }
  });

  it('does not skip authentication: a viewer whose token expired meanwhile is not let back in', async () => {
    const socket = io(`${f.server.url}/staff`, { auth: { token: f.engineerToken }, transports: ['websocket'], reconnectionDelay: 10, reconnectionDelayMax: 10 });
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      // The fixture's tokens live 7 days; an expired token does not close a connection by itself.
      await clock.advance(7 * 24 * 60 * 60_000 + 60_000);
      const refused = new Promise<Error & { data?: { code: string } }>((resolve) => socket.once('connect_error', resolve));
      socket.io.engine.close(); // an abrupt drop: the client reconnects and asks for recovery
      expect((await refused).data?.code).toBe('UNAUTHENTICATED');
      expect(socket.recovered).toBe(false);
    } finally {
      socket.disconnect();
    }
  });
});

describe('who may be in a session', () => {
  it('only the consented agent and the owning engineer exchange signals', async () => {
    const s = await liveSession(f);
    const refused = await emit(s.agent, 'signal', { to: 'not-a-viewer', data: { type: 'offer', sdp: 'x' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_SESSION_PARTICIPANT' } });
    const otherToken = (await f.server.api.post('/api/auth/login', { username: 'eng2', password: 'staff-password-1' })).body.token;
    const other = await connect(f.server.url, '/staff', { token: otherToken });
    expect(await emit(other, 'signal', { sessionId: s.sessionId, data: { type: 'offer', sdp: 'x' } })).toMatchObject({ ok: false, error: { code: 'NOT_SESSION_PARTICIPANT' } });
    expect(await emit(other, 'session:end', { sessionId: s.sessionId })).toMatchObject({ ok: false, error: { code: 'NOT_SESSION_PARTICIPANT' } });
  });

  it('a second viewer may not watch unless the end user consented to it', async () => {
    const s = await liveSession(f, { allowObservers: false });
    const supervisor = await connect(f.server.url, '/staff', { token: (await f.server.api.post('/api/auth/login', { username: 'admin', password: 'admin-password-1' })).body.token });
    expect(await emit(supervisor, 'session:watch', { sessionId: s.sessionId })).toMatchObject({ ok: false, error: { code: 'OBSERVERS_NOT_ALLOWED' } });
    const audit = (await f.staff.auditor.get(`/api/audit?sessionId=${s.sessionId}&action=session.observer_refused`)).body.entries;
    expect(audit).toHaveLength(1);
  });

  it('a supervisor watches with the user’s consent, gets its own peer, and is audited', async () => {
    const s = await liveSession(f, { allowObservers: true });
    const supervisor = await connect(f.server.url, '/staff', { token: (await f.server.api.post('/api/auth/login', { username: 'eng2', password: 'staff-password-1' })).body.token });
    const joined = next(s.agent, 'viewer:joined');
    const watch = await emit(supervisor, 'session:watch', { sessionId: s.sessionId });
    expect(watch).toMatchObject({ ok: true, role: 'observer' });
    expect(await joined).toMatchObject({ viewerId: watch.viewerId, role: 'observer', name: 'eng2 name' });
    const signal = next(supervisor, 'signal');
    await emit(s.agent, 'signal', { to: watch.viewerId, data: { type: 'offer', sdp: 'for the supervisor' } });
    expect((await signal).data.sdp).toBe('for the supervisor');
    expect(await emit(supervisor, 'session:end', { sessionId: s.sessionId })).toMatchObject({ ok: false });
    const audit = (await f.staff.auditor.get(`/api/audit?sessionId=${s.sessionId}&action=session.observer_joined`)).body.entries;
    expect(audit[0].actor).toMatchObject({ kind: 'user', name: 'eng2 name' });
  });
});

describe('the action log', () => {
  it('records what each side reports, with its actor, and shows the agent’s reports to the engineer', async () => {
    const s = await liveSession(f);
    const shown = collect(s.viewer, 'session:action');
    await emit(s.agent, 'session:action', { kind: 'control_granted' });
    await emit(s.agent, 'session:action', { kind: 'control_paused', by: 'user' });
    await emit(s.agent, 'session:action', { kind: 'diagnostic_run', check: 'disk_space', status: 'warn', summary: 'C: 2.1 GB free of 120 GB', automatic: true });
    await emit(s.agent, 'session:action', { kind: 'chat', text: '어디를 눌러야 하나요?' });
    await emit(s.viewer, 'session:action', { sessionId: s.sessionId, action: { kind: 'chat', text: 'Click the start menu.' } });
    await emit(s.viewer, 'session:action', { sessionId: s.sessionId, action: { kind: 'file_transfer', direction: 'to_user', name: 'vcredist_x86.exe', sizeBytes: 6_500_000 } });
    await tick();
    const entries = (await f.staff.auditor.get(`/api/audit?sessionId=${s.sessionId}&limit=100`)).body.entries.filter((e: any) => e.details.reportedBy);
    expect(entries.map((e: any) => [e.action, e.actor.kind])).toEqual([
      ['session.control_granted', 'agent'],
      ['session.control_paused', 'agent'],
      ['session.diagnostic_run', 'agent'],
      ['session.chat', 'agent'],
      ['session.chat', 'user'],
      ['session.file_transfer', 'user'],
    ]);
    expect(entries[2].details).toMatchObject({ check: 'disk_space', status: 'warn', summary: 'C: 2.1 GB free of 120 GB', automatic: true });
    expect(shown.filter((a) => a.actor === 'agent').map((a) => a.action.kind)).toEqual(['control_granted', 'control_paused', 'diagnostic_run', 'chat']);
  });

  it('takes no report outside a running session', async () => {
    const { code, sessionId } = await openSession(f, await contactedCase(f));
    const { agent } = await connectAgent(f.server.url, { joinCode: code });
    expect(await emit(agent, 'session:action', { kind: 'control_granted' })).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_CONSENTED' } });
    expect((await f.staff.auditor.get(`/api/audit?sessionId=${sessionId}&action=session.action_refused`)).body.entries).toHaveLength(1);
  });
});

describe('ending from REST', () => {
  it('lets the owner end the session over HTTP too, and nobody else', async () => {
    const s = await liveSession(f);
    expect((await f.staff.engineer2.post(`/api/sessions/${s.sessionId}/end`)).status).toBe(403);
    const ended = next(s.agent, 'session:ended');
    const res = await f.staff.engineer.post(`/api/sessions/${s.sessionId}/end`);
    expect(res.body).toMatchObject({ status: 'ended', endReason: 'engineer_ended' });
    expect(await ended).toEqual({ reason: 'engineer_ended' });
    expect((await f.staff.engineer.post(`/api/sessions/${s.sessionId}/end`)).body.error.code).toBe('SESSION_ENDED');
    void refusal;
  });
});
