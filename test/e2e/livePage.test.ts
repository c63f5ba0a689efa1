import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testClock, type TestClock } from '../support/clock.js';
import { relogin } from '../support/fixtures.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets, connectAgent, consentAnswer, emit, windowsDevice } from '../support/realtime.js';
import { openAs, screenshot, webBrowser } from '../support/web.js';

/** How long a poll waits for what the server or the page does next (the machine may be busy). */
const WAIT = { timeout: 10_000 };
vi.setConfig({ testTimeout: 60_000 });

const TOKEN_TTL_MINUTES = 30;
let f: LiveFixture;
let clock: TestClock;
let browser: Browser;

beforeAll(async () => {
  clock = testClock();
  // Sessions of 60 minutes that may grow to 90 in all.
  f = await startLiveServer(clock, { RA_TOKEN_TTL_MINUTES: String(TOKEN_TTL_MINUTES), RA_SESSION_MAX_MINUTES: '90' });
  browser = await webBrowser();
}, 60_000);
afterAll(async () => {
  closeSockets();
  await browser?.close();
  await f?.server.close();
});

/** A session of eng1's that the user consented to, the agent a plain socket. */
async function runningSession(allowObservers = false): Promise<number> {
  const { sessionId, code } = await openSession(f, await contactedCase(f));
  const { agent } = await connectAgent(f.server.url, { joinCode: code });
  await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: '1.0.0' });
  await emit(agent, 'agent:consent', await consentAnswer('accept', { allowObservers }));
  return sessionId;
}

const viewersOf = (sessionId: number) => f.server.app.ctx.live.presence.viewers(sessionId);

describe('the live page', () => {
  it('tells another engineer why they may not watch, and offers nothing to do', async () => {
    const sessionId = await runningSession();
    const other = await openAs(browser, f.server, 'eng2');
    await other.page.goto(`${f.server.url}/sessions/${sessionId}`);
    const why = other.page.getByTestId('cannot-watch');
    await expect.poll(() => why.count(), WAIT).toBe(1);
    expect(await why.textContent()).toBe(
      'You cannot watch this session: only the engineer who runs it may, unless the user allowed observers when consenting — and the session must be running.',
    );
    const main = (await other.page.locator('main').textContent()) ?? '';
    expect(main).not.toContain('Waiting for the user’s agent');
    expect(main).not.toContain('Something went wrong');
    expect(await other.page.locator('main button, main input, main select, main textarea').count()).toBe(0);
    expect((await viewersOf(sessionId)).map((v) => v.userId)).not.toContain(f.staff.ids.engineer2);
    await screenshot(other.page, 'live-cannot-watch');
    expect(other.problems).toEqual([]);
  });

  it('shows an allowed observer the session without the owner’s controls, and its end neutrally', async () => {
    const sessionId = await runningSession(true);
    const observer = await openAs(browser, f.server, 'eng2');
    await observer.page.goto(`${f.server.url}/sessions/${sessionId}`);
    await expect.poll(() => observer.page.locator('.live-status').textContent(), WAIT).toContain('Connected');
    expect(await viewersOf(sessionId)).toEqual([expect.objectContaining({ userId: f.staff.ids.engineer2, role: 'observer' })]);
    for (const name of ['End the session', 'Ask for more time']) expect(await observer.page.getByRole('button', { name }).count()).toBe(0);
    expect((await f.staff.engineer.post(`/api/sessions/${sessionId}/end`)).status).toBe(200);
    await expect.poll(() => observer.page.locator('.live-status').textContent(), WAIT).toBe('Ended by the engineer');
    expect(await observer.page.locator('.report-form').count()).toBe(0);
    expect(observer.problems).toEqual([]);
  });

  it('says in the extension dialog, in words, why more time was refused', async () => {
    const sessionId = await runningSession();
    const eng = await openAs(browser, f.server, 'eng1', { locale: 'ko-KR' });
    await eng.page.goto(`${f.server.url}/sessions/${sessionId}`);
    await expect.poll(() => eng.page.locator('.live-status').textContent(), WAIT).toContain('연결됨');
    await eng.page.getByRole('button', { name: '시간 연장 요청' }).click();
    const dialog = eng.page.getByRole('dialog', { name: '시간 연장 요청' });
    await dialog.getByLabel('분').fill('60'); // 60 + 60 > 90
    await dialog.getByLabel('사유 (고객에게 표시됨)').fill('재설치에 시간이 더 필요합니다');
    await dialog.getByRole('button', { name: '고객에게 요청' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent(), WAIT).toBe('남은 연장 가능 시간을 넘습니다.');
    expect(await dialog.isVisible()).toBe(true);
    expect(eng.problems).toEqual([]);
  });

  it('after the login expires and the engineer logs in again in the dialog, reconnects with the new token', async () => {
    const sessionId = await runningSession();
    const eng = await openAs(browser, f.server, 'eng1');
    await eng.page.goto(`${f.server.url}/sessions/${sessionId}`);
    await expect.poll(() => eng.page.locator('.live-status').textContent(), WAIT).toContain('Connected');
    const before = (await viewersOf(sessionId)).map((v) => v.viewerId);
    expect(before).toHaveLength(1);

    // The token runs out on the server and in the page alike; the page asks to log in again.
    await clock.advance((TOKEN_TTL_MINUTES + 1) * 60_000);
    await eng.page.clock.fastForward((TOKEN_TTL_MINUTES + 1) * 60_000);
    const dialog = eng.page.getByRole('dialog', { name: 'Log in' });
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(true);
    await dialog.getByLabel('Password').fill('staff-password-1');
    await dialog.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(false);

    // The server sees a new connection of eng1 watching the session, and the old one gone.
    await expect.poll(async () => (await viewersOf(sessionId)).map((v) => v.viewerId).filter((id) => !before.includes(id)).length, WAIT).toBe(1);
    await expect.poll(async () => (await viewersOf(sessionId)).filter((v) => before.includes(v.viewerId)).length, WAIT).toBe(0);
    expect(await viewersOf(sessionId)).toEqual([expect.objectContaining({ userId: f.staff.ids.engineer, role: 'owner' })]);
    // And it accepts what the page sends: the server checks the connection's token on every event.
    await eng.page.getByLabel('Message to the user').fill('Back after logging in again');
    await eng.page.getByRole('button', { name: 'Send' }).click();
    f.staff = await relogin(f.server, f.staff);
    await vi.waitFor(async () => {
      const entries = (await f.staff.auditor.get(`/api/audit?sessionId=${sessionId}&action=session.chat`)).body.entries;
      expect(entries).toEqual([expect.objectContaining({ actor: expect.objectContaining({ userId: f.staff.ids.engineer }), details: expect.objectContaining({ text: 'Back after logging in again' }) })]);
    });
    expect(await eng.page.locator('.live-status').textContent()).toContain('Connected');
    expect(eng.problems).toEqual([]);
  });
});
