import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { TestClock } from '../support/clock.js';
import { contactedCase, liveServerPerTest, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets, connect, connectAgent, emit, refusal } from '../support/realtime.js';

let f: LiveFixture;
let clock: TestClock;

liveServerPerTest((fixture, testClockOfTest) => {
  f = fixture;
  clock = testClockOfTest;
});

/** The audit entries of an action, once there are `count` of them (they are written off the request's path). */
async function auditEntries(action: string, count: number): Promise<any[]> {
  let entries: any[] = [];
  await vi.waitFor(async () => {
    entries = (await f.staff.auditor.get(`/api/audit?action=${action}&limit=1000`)).body.entries;
    expect(entries).toHaveLength(count);
  });
  return entries;
}

/** A wrong code that is certainly not the live one. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1e9).padStart(9, '0');

describe('join codes', () => {
  it('are nine random digits, shown in groups of three, expiring in 10 minutes and stored only as a hash', async () => {
    const caseId = await contactedCase(f);
    const res = await f.staff.engineer.post(`/api/cases/${caseId}/sessions`);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { code, display, expiresAt } = res.body.joinCode;
    expect(code).toMatch(/^\d{9}$/);
    expect(display).toBe(`${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`);
    expect(expiresAt).toBe('2026-11-25T02:10:00.000Z');
    expect(res.body.session).toMatchObject({ status: 'waiting', caseId });
    expect(res.body.iceServers).toEqual([]);
    const db = new Database(join(f.server.dataDir, 'remote-assist.db'), { readonly: true });
    const stored = db.prepare('SELECT code_hash FROM join_codes').pluck().all() as string[];
    db.close();
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toContain(code);
    expect(stored[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(f.server.logs()).not.toContain(code);
    expect((await f.staff.auditor.get('/api/audit?limit=1000')).text).not.toContain(code);
    expect((await f.staff.engineer.get(`/api/cases/${caseId}`)).body.status).toBe('in_session');
  });

  it('allow one open session (and so one live code) per case, for its assigned engineer after contact', async () => {
    const caseId = await contactedCase(f);
    await openSession(f, caseId);
    const second = await f.staff.engineer.post(`/api/cases/${caseId}/sessions`);
    expect(second.status).toBe(409);
    expect(second.body.error.details.currentStatus).toBe('in_session');
    expect((await f.staff.engineer2.post(`/api/cases/${caseId}/sessions`)).body.error.code).toBe('NOT_ASSIGNED');
    const { id: fresh } = await (await import('../support/fixtures.js')).fileCase(f.staff.callcenterA);
    await f.staff.engineer.post(`/api/cases/${fresh}/assign`);
    expect((await f.staff.engineer.post(`/api/cases/${fresh}/sessions`)).body.error.code).toBe('INVALID_TRANSITION');
    expect((await f.staff.callcenterA.post(`/api/cases/${caseId}/sessions`)).status).toBe(403);
  });

  it('are single-use: the code is exchanged for a session token that reconnects without it', async () => {
    const { sessionId, code } = await openSession(f, await contactedCase(f));
    const { agent, welcome } = await connectAgent(f.server.url, { joinCode: code.replace(/(\d{3})(\d{3})/, '$1 $2-') });
    expect(welcome).toMatchObject({ sessionId, status: 'waiting' });
    expect(welcome.sessionToken.length).toBeGreaterThanOrEqual(43); // 256 bits in base64url
    agent.disconnect();
    const reused = await refusal(connect(f.server.url, '/agent', { joinCode: code }));
    expect(reused.code).toBe('JOIN_CODE_EXPIRED');
    const { welcome: again } = await connectAgent(f.server.url, { sessionToken: welcome.sessionToken });
    expect(again.sessionId).toBe(sessionId);
    expect((await refusal(connect(f.server.url, '/agent', { sessionToken: 'x'.repeat(43) }))).code).toBe('SESSION_TOKEN_INVALID');
  });

  it('expire unused after 10 minutes, which ends the waiting session and frees the case', async () => {
    const caseId = await contactedCase(f);
    const { sessionId, code } = await openSession(f, caseId);
    await clock.advance(10 * 60_000);
    const expired = await refusal(connect(f.server.url, '/agent', { joinCode: code }));
    expect(expired).toMatchObject({ code: 'JOIN_CODE_EXPIRED', message: expect.stringContaining('expired') });
    expect((await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body).toMatchObject({ status: 'ended', endReason: 'code_expired' });
    expect((await f.staff.engineer.get(`/api/cases/${caseId}`)).body.status).toBe('contacted');
    expect((await f.staff.engineer.post(`/api/cases/${caseId}/sessions`)).status).toBe(201);
  });

  it('refuse a wrong code, and audit every failure', async () => {
    const { code } = await openSession(f, await contactedCase(f));
    const wrong = await refusal(connect(f.server.url, '/agent', { joinCode: wrongCode(code) }));
    expect(wrong.code).toBe('JOIN_CODE_INVALID');
    expect((await refusal(connect(f.server.url, '/agent', { joinCode: 'abc' }))).code).toBe('JOIN_CODE_INVALID');
    expect((await refusal(connect(f.server.url, '/agent', {}))).code).toBe('VALIDATION_FAILED');
    // Counted per address, reason and minute, and written when the minute is over.
    await clock.advance(60_000);
    const failures = await auditEntries('session.join_failed', 1);
    expect(failures[0]).toMatchObject({ actor: { kind: 'anonymous', ip: '127.0.0.1' }, details: { reason: 'unknown', count: 2 } });
  });

  it('limit failures per address with growing back-off: the sixth try is refused, even with the right code', async () => {
    const { code } = await openSession(f, await contactedCase(f));
    for (let i = 0; i < 5; i++) expect((await refusal(connect(f.server.url, '/agent', { joinCode: wrongCode(code) }))).code).toBe('JOIN_CODE_INVALID');
    const limited = await refusal(connect(f.server.url, '/agent', { joinCode: code }));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 2 } });
    await clock.advance(2000);
    expect((await refusal(connect(f.server.url, '/agent', { joinCode: wrongCode(code) }))).code).toBe('JOIN_CODE_INVALID');
    expect((await refusal(connect(f.server.url, '/agent', { joinCode: code }))).details.retryAfterSeconds).toBe(4);
    await clock.advance(4000);
    const { welcome } = await connectAgent(f.server.url, { joinCode: code });
    expect(welcome.status).toBe('waiting');
    await clock.advance(60_000);
    const refused = await auditEntries('session.join_refused', 1);
    expect(refused[0].details).toEqual({ reason: 'rate_limited', scope: 'address', count: 2, firstAt: '2026-11-25T02:00:00.000Z', lastAt: '2026-11-25T02:00:02.000Z' });
  });

  it('limit a burst of concurrent wrong codes from one address to exactly five looked at', async () => {
    const { code } = await openSession(f, await contactedCase(f));
    const codes = await Promise.all(Array.from({ length: 20 }, async () => (await refusal(connect(f.server.url, '/agent', { joinCode: wrongCode(code) }))).code));
    expect(codes.filter((c) => c === 'JOIN_CODE_INVALID')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(15);
  });

  it('limit failures over all addresses together: after the 100th wrong code, even the right one waits', async () => {
    const { code } = await openSession(f, await contactedCase(f));
    const { global } = f.server.app.ctx.live.joinLimits;
    // 99 failures from a botnet, simulated at the limiter: each would be a different address.
    for (let i = 0; i < 99; i++) await global.recordFailure('global');
    expect((await refusal(connect(f.server.url, '/agent', { joinCode: wrongCode(code) }))).code).toBe('JOIN_CODE_INVALID');
    const limited = await refusal(connect(f.server.url, '/agent', { joinCode: code }));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } });
    await clock.advance(1000);
    expect((await connectAgent(f.server.url, { joinCode: code })).welcome.status).toBe('waiting');
  });
});

describe('the staff channel', () => {
  it('takes the JWT in the handshake and refuses none, a bad one, and roles that do not watch', async () => {
    expect((await refusal(connect(f.server.url, '/staff', {}))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(connect(f.server.url, '/staff', { token: 'nope' }))).code).toBe('UNAUTHENTICATED');
    const auditorToken = (await f.server.api.post('/api/auth/login', { username: 'aud', password: 'staff-password-1' })).body.token;
    expect((await refusal(connect(f.server.url, '/staff', { token: auditorToken }))).code).toBe('FORBIDDEN');
    const viewer = await connect(f.server.url, '/staff', { token: f.engineerToken });
    expect(viewer.connected).toBe(true);
  });

  it('refuses a browser handshake from a foreign origin and admits the server’s own', async () => {
    const foreign = await refusal(connect(f.server.url, '/staff', { token: f.engineerToken }, { origin: 'https://evil.example' }));
    expect(foreign.message).toMatch(/ORIGIN_REFUSED|websocket error/i);
    const own = await connect(f.server.url, '/staff', { token: f.engineerToken }, { origin: f.server.url });
    expect(own.connected).toBe(true);
  });

  it('cuts a viewer off as soon as its user is disabled, and does not take it back', async () => {
    const viewer = await connect(f.server.url, '/staff', { token: f.engineerToken });
    const closed = new Promise((resolve) => viewer.once('disconnect', resolve));
    await f.staff.admin.patch(`/api/users/${f.staff.ids.engineer}`, { disabled: true });
    expect(await closed).toBe('io server disconnect');
    expect((await refusal(connect(f.server.url, '/staff', { token: f.engineerToken }))).code).toBe('UNAUTHENTICATED');
  });
});

describe('ICE configuration', () => {
  it('goes to both sides from the server when configured', async () => {
    closeSockets();
    await f.server.close();
    f = await startLiveServer(clock, { RA_STUN_URLS: 'stun:stun.example:3478', RA_TURN_URLS: 'turn:turn.example:3478', RA_TURN_SECRET: 'shared-secret-1234' });
    const caseId = await contactedCase(f);
    const opened = await f.staff.engineer.post(`/api/cases/${caseId}/sessions`);
    expect(opened.body.iceServers).toHaveLength(2);
    expect(opened.body.iceServers[1]).toMatchObject({ urls: ['turn:turn.example:3478'], username: expect.stringMatching(/^\d+:session-\d+$/) });
    const viewer = await connect(f.server.url, '/staff', { token: f.engineerToken });
    expect((await emit(viewer, 'session:watch', { sessionId: opened.body.session.id })).iceServers).toHaveLength(2);
  });
});
