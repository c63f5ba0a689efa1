import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAgent } from '../support/agentProcess.js';
import { launchChromium, openHarness, startHarnessServer } from '../support/browserViewer.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

vi.setConfig({ testTimeout: 60_000 });

let x: XDisplay;
let lab: LiveFixture;
let strict: LiveFixture;
let browser: Browser;
let harness: { origin: string; close(): Promise<void> };

beforeAll(async () => {
  x = await startXvfb(1024, 768);
  harness = await startHarnessServer();
  // A lab server that admits Linux (this machine), with a 3-second consent prompt…
  lab = await startLiveServer(undefined, { RA_SUPPORTED_PLATFORMS: 'windows,linux', RA_ALLOWED_ORIGINS: harness.origin, RA_CONSENT_ANSWER_MINUTES: '0.05' });
  // …and one with the support policy left at its default.
  strict = await startLiveServer(undefined, {});
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await lab?.server.close();
  await strict?.server.close();
  await x?.stop();
});

/** A session whose engineer is already watching from Chromium. */
async function watchedSession(f: LiveFixture): Promise<{ code: string; sessionId: number; page: Page }> {
  const { code, sessionId } = await openSession(f, await contactedCase(f));
  const page = await openHarness(browser, harness.origin);
  await page.evaluate(([url, token, id]) => (globalThis as any).harness.watch(url, token, id), [f.server.url, f.engineerToken, sessionId] as const);
  return { code, sessionId, page };
}

const peerActivity = (page: Page) => page.evaluate(() => ({ peer: (globalThis as any).harness.peer !== null, messages: (globalThis as any).harness.messages.length }));

describe('consent at the user’s terminal', () => {
  it('a decline shares nothing: no signal reaches the engineer, and the case goes back as declined', async () => {
    const { code, sessionId, page } = await watchedSession(lab);
    const agent = startAgent(['--server', lab.server.url, '--lang', 'en', code], x.env);
    await agent.waitFor('Type "yes"');
    agent.type('no');
    expect(await agent.exited).toBe(6);
    expect(agent.output()).toContain('You declined. Nothing was shared.');
    expect(await peerActivity(page)).toEqual({ peer: false, messages: 0 });
    expect((await lab.staff.auditor.get(`/api/sessions/${sessionId}/consents`)).body[0]).toMatchObject({ decision: 'decline' });
    expect((await lab.staff.engineer.get(`/api/sessions/${sessionId}`)).body).toMatchObject({ status: 'ended', endReason: 'user_declined' });
  });

  it('an unanswered prompt ends at the server’s timeout, shares nothing, and the agent exits 0', async () => {
    const { code, sessionId, page } = await watchedSession(lab);
    const agent = startAgent(['--server', lab.server.url, '--lang', 'en', code], x.env);
    await agent.waitFor('Type "yes"');
    expect(await agent.exited).toBe(0);
    // The server's consent timer decides; the agent tells the user what the server said.
    expect(agent.output()).toContain('The consent was not answered in time.');
    expect(await peerActivity(page)).toEqual({ peer: false, messages: 0 });
    expect((await lab.staff.engineer.get(`/api/sessions/${sessionId}`)).body.status).toBe('ended');
  });

  it('answers typed before the question was shown do not count', async () => {
    const { code } = await watchedSession(lab);
    const agent = startAgent(['--server', lab.server.url, '--lang', 'en', code], x.env);
    agent.type('yes');
    agent.type('Someone Else');
    agent.type('yes');
    expect(await agent.exited).toBe(0);
    expect(agent.output()).toContain('The consent was not answered in time.');
  });

  it('speaks Korean by locale', async () => {
    const { code } = await watchedSession(lab);
    const agent = startAgent(['--server', lab.server.url, code], { ...x.env, LANG: 'ko_KR.UTF-8' });
    await agent.waitFor('원격 지원 동의');
    await agent.waitFor('"동의"');
    agent.type('거부');
    expect(await agent.exited).toBe(6);
    expect(agent.output()).toContain('거부하셨습니다');
  });
});

describe('refusals the user is told about', () => {
  it('an unsupported device, with the support policy at its default', async () => {
    const { code, sessionId } = await openSession(strict, await contactedCase(strict));
    const agent = startAgent(['--server', strict.server.url, '--lang', 'en', code], x.env);
    expect(await agent.exited).toBe(5);
    expect(agent.output()).toMatch(/This device cannot be supported remotely: .*not a supported system/);
    expect((await strict.staff.engineer.get(`/api/sessions/${sessionId}`)).body.endReason).toBe('device_not_supported');
  });

  it('a wrong code, asked again, then too many tries', async () => {
    const agent = startAgent(['--server', lab.server.url, '--lang', 'en', '000000001'], x.env);
    await agent.waitFor('This code is not valid');
    await agent.waitFor('Enter the 9-digit code');
    agent.type('000000002');
    await agent.waitFor('This code is not valid');
    agent.type('000000003');
    expect(await agent.exited).toBe(3);
    expect(agent.output()).toContain('Too many attempts');
  });

  it('a code already used', async () => {
    const { code } = await watchedSession(lab);
    const first = startAgent(['--server', lab.server.url, '--lang', 'en', code], x.env);
    await first.waitFor('Type "yes"');
    const second = startAgent(['--server', lab.server.url, '--lang', 'en', code], x.env);
    expect(await second.exited).toBe(3);
    expect(second.output()).toContain('expired or was already used');
    first.child.kill();
  });

  it('an unreachable server', async () => {
    const agent = startAgent(['--server', 'http://127.0.0.1:9', '--lang', 'en', '123456789'], x.env);
    expect(await agent.exited).toBe(4);
    expect(agent.output()).toContain('cannot be reached');
  });

  it('asks for the code when none is given', async () => {
    const agent = startAgent(['--server', lab.server.url, '--lang', 'en'], x.env);
    await agent.waitFor('Enter the 9-digit code the engineer read out to you');
    agent.child.stdin.end();
    expect(await agent.exited).toBe(2);
  });
});
