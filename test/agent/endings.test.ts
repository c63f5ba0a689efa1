import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { consent, startAgent, type AgentProcess } from '../support/agentProcess.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets, connect, emit } from '../support/realtime.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

// Real agent processes on a busy 2-core box: seconds per step.
vi.setConfig({ testTimeout: 90_000 });

let x: XDisplay;
const cleanup: Array<() => unknown> = [];

beforeAll(async () => {
  x = await startXvfb(1024, 768);
}, 60_000);
afterEach(async () => {
  closeSockets();
  for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(async () => {
  await x?.stop();
});

const LAB = { RA_SUPPORTED_PLATFORMS: 'windows,linux' };

async function server(env: Record<string, string> = {}): Promise<LiveFixture> {
  const f = await startLiveServer(undefined, { ...LAB, ...env });
  cleanup.push(() => f.server.close());
  return f;
}

/** A session with the engineer watching (a plain staff socket: these tests need no video) and the real agent started on it. */
async function agentOn(f: LiveFixture): Promise<{ sessionId: number; agent: AgentProcess; viewer: Awaited<ReturnType<typeof connect>> }> {
  const { code, sessionId } = await openSession(f, await contactedCase(f));
  const viewer = await connect(f.server.url, '/staff', { token: f.engineerToken });
  expect((await emit(viewer, 'session:watch', { sessionId })).ok).toBe(true);
  const agent = startAgent(['--server', f.server.url, '--lang', 'en', code], x.env);
  cleanup.push(() => agent.child.kill('SIGKILL'));
  return { sessionId, agent, viewer };
}

/** The agent's exit code, or 'still running' if it has not exited within `ms`. */
const exitWithin = (agent: AgentProcess, ms: number) => Promise.race([agent.exited, new Promise<string>((r) => setTimeout(() => r('still running'), ms))]);
const localLog = (agent: AgentProcess) => readFileSync(join(agent.logDir, readdirSync(agent.logDir)[0]!), 'utf8');
const session = async (f: LiveFixture, id: number) => (await f.staff.engineer.get(`/api/sessions/${id}`)).body;

describe('the session ends while the user reads the consent', () => {
  it('ended by the engineer: the prompt closes, the user is told why, and the agent exits 0', async () => {
    const f = await server();
    const { sessionId, agent } = await agentOn(f);
    await agent.waitFor('Type "yes"');
    expect((await f.staff.engineer.post(`/api/sessions/${sessionId}/end`)).status).toBe(200);
    expect(await exitWithin(agent, 5000)).toBe(0);
    expect(agent.output()).toContain('The engineer ended the remote support.');
    expect(agent.output()).not.toContain('Type your name');
    expect(localLog(agent)).toContain('session ended before consent  engineer_ended');
  });

  it('told in the user’s language: Korean', async () => {
    const f = await server();
    const { code, sessionId } = await openSession(f, await contactedCase(f));
    const agent = startAgent(['--server', f.server.url, code], { ...x.env, LANG: 'ko_KR.UTF-8' });
    cleanup.push(() => agent.child.kill('SIGKILL'));
    await agent.waitFor('"동의"');
    expect((await f.staff.engineer.post(`/api/sessions/${sessionId}/end`)).status).toBe(200);
    expect(await exitWithin(agent, 5000)).toBe(0);
    expect(agent.output()).toContain('엔지니어가 원격 지원을 종료했습니다.');
  });

  it('by the server’s consent timer: the prompt closes at the server’s deadline, the user is told, and the agent exits 0', async () => {
    const f = await server({ RA_CONSENT_ANSWER_MINUTES: '0.1' }); // 6 s from the agent's join
    const { sessionId, agent } = await agentOn(f);
    await agent.waitFor('Type "yes"');
    const shownAt = performance.now();
    expect(await exitWithin(agent, 10_000)).toBe(0);
    // Well before the old prompt's own 6 s from printing plus a 15 s wait for an answer that never came.
    expect(performance.now() - shownAt).toBeLessThan(8000);
    expect(agent.output()).toContain('The consent was not answered in time.');
    expect(agent.output()).not.toContain('No answer: declined.');
    expect(await session(f, sessionId)).toMatchObject({ status: 'ended', endReason: 'consent_timeout' });
  });
});

describe('the session ends or the request lapses while the user reads an extension request', () => {
  async function asked(env: Record<string, string> = {}) {
    const f = await server(env);
    const s = await agentOn(f);
    await consent(s.agent);
    await s.agent.waitFor('Commands');
    expect((await emit(s.viewer, 'session:extend', { sessionId: s.sessionId, minutes: 15, reason: 'reinstalling the player' })).ok).toBe(true);
    await s.agent.waitFor('Type "yes"');
    return { f, ...s };
  }

  it('lapsed: the prompt is withdrawn — no late answer is sent, and the next line is a command again', async () => {
    const { f, sessionId, agent } = await asked({ RA_EXTENSION_ANSWER_MINUTES: '0.1' });
    await agent.waitFor('The extension request expired.');
    await new Promise((r) => setTimeout(r, 3000)); // past the prompt's own deadline
    expect(localLog(agent)).not.toMatch(/extension answered|extension answer refused/);
    agent.type('q');
    expect(await exitWithin(agent, 10_000)).toBe(0);
    expect(await session(f, sessionId)).toMatchObject({ endReason: 'user_stopped' });
  });

  it('ended by the engineer: the prompt closes, the user is told why, and the agent exits 0', async () => {
    const { f, sessionId, agent } = await asked();
    expect((await f.staff.engineer.post(`/api/sessions/${sessionId}/end`)).status).toBe(200);
    expect(await exitWithin(agent, 10_000)).toBe(0);
    const afterRequest = agent.output().split('asks to extend')[1]!;
    expect(afterRequest).toContain('The engineer ended the remote support.');
    expect(afterRequest).not.toContain('Type your name');
  });
});

describe('Ctrl-C, a closed terminal or a shutdown', () => {
  it.each([
    ['SIGINT', 'Ctrl-C (SIGINT)'],
    ['SIGTERM', 'the system asked the agent to close (SIGTERM)'],
    ['SIGHUP', 'the terminal was closed (SIGHUP)'],
  ] as const)('%s stops the session with the server at once, and the local log says why', async (signal, why) => {
    const f = await server();
    const { sessionId, agent } = await agentOn(f);
    await consent(agent);
    await agent.waitFor('Commands');
    agent.child.kill(signal);
    expect(await exitWithin(agent, 10_000)).toBe(0);
    // At once: not `agent_disconnected` after the two-minute grace.
    expect(await session(f, sessionId)).toMatchObject({ status: 'ended', endReason: 'user_stopped' });
    expect(localLog(agent)).toContain(`stop requested  ${why}`);
    expect(localLog(agent)).toContain(`session ended  user stopped the session: ${why}`);
  });
});
