import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach } from 'vitest';
import { testClock, type TestClock } from './clock.js';
import { fileCase, loginAs, PASSWORD, seedStaff, type Staff } from './fixtures.js';
import { closeSockets, connect, connectAgent, consentAnswer, emit, next, windowsDevice } from './realtime.js';
import { startTestServer, type TestServer } from './server.js';

export interface LiveFixture {
  server: TestServer;
  staff: Staff;
  engineerToken: string;
}

/**
 * A fresh server (with a test clock at `start`) for every test of the file, handed to `use`;
 * sockets and server are closed after each test.
 */
export function liveServerPerTest(use: (f: LiveFixture, clock: TestClock) => void, start = '2026-11-25T02:00:00Z', env: Record<string, string> = {}): void {
  let current: LiveFixture | undefined;
  beforeEach(async () => {
    const clock = testClock(start);
    current = await startLiveServer(clock, env);
    use(current, clock);
  });
  afterEach(async () => {
    closeSockets();
    await current?.server.close();
    current = undefined;
  });
}

export async function startLiveServer(clock: TestClock | undefined, env: Record<string, string> = {}): Promise<LiveFixture> {
  // Long-lived tokens: these tests move the clock by hours.
  const server = await startTestServer({ ...(clock ? { clock } : {}), env: { RA_TOKEN_TTL_MINUTES: String(7 * 24 * 60), ...env } });
  const staff = await seedStaff(server);
  return { server, staff, engineerToken: await loginAs(server.api, 'eng1', PASSWORD) };
}

/** A case filed, assigned to eng1 and contacted: ready for a remote session. */
export async function contactedCase(f: LiveFixture): Promise<number> {
  const { id } = await fileCase(f.staff.callcenterA);
  await f.staff.engineer.post(`/api/cases/${id}/assign`);
  await f.staff.engineer.post(`/api/cases/${id}/contacts`, { reached: true, note: 'will read the code' });
  return id;
}

export async function openSession(f: LiveFixture, caseId: number): Promise<{ sessionId: number; code: string; expiresAt: string }> {
  const res = await f.staff.engineer.post(`/api/cases/${caseId}/sessions`);
  if (res.status !== 201) throw new Error(`open session: ${res.status} ${res.text}`);
  return { sessionId: res.body.session.id, code: res.body.joinCode.code, expiresAt: res.body.joinCode.expiresAt };
}

export interface LiveSession {
  caseId: number;
  sessionId: number;
  agent: Socket;
  viewer: Socket;
  token: string;
  viewerId: string;
}

/** Opens a session, connects the owner's viewer and the agent, and (by default) consents. */
export async function liveSession(f: LiveFixture, options: { consent?: boolean; allowObservers?: boolean } = {}): Promise<LiveSession> {
  const caseId = await contactedCase(f);
  const { sessionId, code } = await openSession(f, caseId);
  const viewer = await connect(f.server.url, '/staff', { token: f.engineerToken });
  const watched = await emit(viewer, 'session:watch', { sessionId });
  if (!watched.ok) throw new Error(`watch: ${JSON.stringify(watched)}`);
  const { agent, welcome: w } = await connectAgent(f.server.url, { joinCode: code });
  const hello = await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' });
  if (!hello.ok) throw new Error(`hello: ${JSON.stringify(hello)}`);
  if (options.consent !== false) {
    const joined = next(agent, 'viewer:joined');
    const consent = await emit(agent, 'agent:consent', await consentAnswer('accept', { allowObservers: options.allowObservers ?? false }));
    if (!consent.ok) throw new Error(`consent: ${JSON.stringify(consent)}`);
    await joined;
  }
  return { caseId, sessionId, agent, viewer, token: w.sessionToken, viewerId: watched.viewerId };
}
