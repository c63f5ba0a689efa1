import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clickStopSharingBar, joinAndConsent, sharingBars, launchHarnessChromium, launchUserChromium, openHarnessOnServer, openJoinPage, sampleVideo, videoState, type JoinPage } from '../support/joinPage.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets } from '../support/realtime.js';
import { openAs, screenshot, webBrowser, type UserPage } from '../support/web.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

/*
 * The end user shares their screen from the join page: a headed Chromium on a real X display
 * (Xvfb) whose picker is answered "Entire screen" by Chromium's own flag — as a user's choice —
 * and the engineer's live page in a second, headless Chromium.
 */

const WAIT = { timeout: 20_000, interval: 250 };
vi.setConfig({ testTimeout: 120_000 });

let x: XDisplay;
let f: LiveFixture;
let userBrowser: Browser;
let staffBrowser: Browser;
const opened: Array<{ context: { close(): Promise<void> } }> = [];

beforeAll(async () => {
  x = await startXvfb(1280, 720);
  f = await startLiveServer(undefined);
  [userBrowser, staffBrowser] = await Promise.all([launchUserChromium(x), webBrowser()]);
}, 120_000);

afterEach(async () => {
  for (const p of opened.splice(0)) await p.context.close();
  closeSockets();
  // The display's background back to black for the next test.
  await x.exec('xsetroot', ['-solid', '#000000']);
});

afterAll(async () => {
  await userBrowser?.close();
  await staffBrowser?.close();
  await f?.server.close();
  await x?.stop();
});

const auditOf = async (sessionId: number, action: string) => (await f.staff.auditor.get(`/api/audit?sessionId=${sessionId}&action=${action}`)).body.entries as Array<{ details: Record<string, unknown> }>;
const sessionOf = async (sessionId: number) => (await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body;

/** A session of eng1's: the engineer's live page open on it, the user's join page consented. */
async function sharedSession(): Promise<{ sessionId: number; user: JoinPage; engineer: UserPage }> {
  const { sessionId, code } = await openSession(f, await contactedCase(f));
  const engineer = await openAs(staffBrowser, f.server, 'eng1');
  opened.push(engineer);
  await engineer.page.goto(`${f.server.url}/sessions/${sessionId}`);
  const user = await openJoinPage(userBrowser, f.server, { viewport: null });
  opened.push(user);
  await joinAndConsent(user.page, code);
  await user.page.getByRole('button', { name: 'Share my screen (view only)' }).click();
  await user.page.getByTestId('sharing').waitFor();
  await vi.waitFor(async () => expect((await videoState(engineer.page)).decoded).toBeGreaterThan(3), WAIT);
  return { sessionId, user, engineer };
}

const brightness = (c: { r: number; g: number; b: number }) => c.r + c.g + c.b;
/** Right of the user's browser window (600 px wide at the left) and above Chromium's sharing bar: the bare X display. */
const BARE_DISPLAY = { x: 900, y: 150, w: 200, h: 150 };

describe('sharing the screen from the browser', () => {
  it('shows the engineer the whole X display live, marked view only, with no control to offer', async () => {
    const { sessionId, engineer, user } = await sharedSession();
    expect(await videoState(engineer.page)).toMatchObject({ width: x.width, height: x.height });
    expect(await engineer.page.getByTestId('view-only').textContent()).toBe('View only — shared from the user’s browser');
    expect(await engineer.page.getByRole('button', { name: 'Take control' }).count()).toBe(0);
    expect(await engineer.page.getByRole('button', { name: 'Run the selected checks' }).count()).toBe(0);
    expect(await engineer.page.getByTestId('device').textContent()).toMatch(/^Device: Chromium [\d.]+ · Linux .*· desktop$/);

    expect(brightness(await sampleVideo(engineer.page, BARE_DISPLAY))).toBeLessThan(60);
    await x.exec('xsetroot', ['-solid', '#ff0000']);
    await vi.waitFor(async () => {
      const c = await sampleVideo(engineer.page, BARE_DISPLAY);
      expect(c.r).toBeGreaterThan(200);
      expect(c.g + c.b).toBeLessThan(80);
    }, WAIT);
    await x.exec('xsetroot', ['-solid', '#0000ff']);
    await vi.waitFor(async () => {
      const c = await sampleVideo(engineer.page, BARE_DISPLAY);
      expect(c.b).toBeGreaterThan(200);
      expect(c.r + c.g).toBeLessThan(80);
    }, WAIT);
    await screenshot(engineer.page, 'engineer-browser-share');
    await screenshot(user.page, 'join-sharing-en');
    expect((await sessionOf(sessionId)).agentKind).toBe('browser');
    expect(engineer.problems).toEqual([]);
    expect(user.problems).toEqual([]);
  });

  it('ends the session as the user’s stop when they stop sharing with the page’s button', async () => {
    const { sessionId, engineer, user } = await sharedSession();
    await user.page.getByRole('button', { name: 'Stop sharing and end the session' }).click();
    await user.page.getByTestId('ended').waitFor();
    expect(await user.page.getByTestId('ended').textContent()).toContain('You ended the session.');
    await vi.waitFor(async () => expect(await sessionOf(sessionId)).toMatchObject({ status: 'ended', endReason: 'user_stopped' }), WAIT);
    await vi.waitFor(async () => expect(await engineer.page.locator('.live-status').textContent()).toBe('The session ended: stopped by the user.'), WAIT);
    expect((await auditOf(sessionId, 'session.ended'))[0]!.details).toMatchObject({ reason: 'user_stopped', note: 'sharing stopped on the page' });
  });

  it('ends the session as the user’s stop when they press the browser’s own “Stop sharing”', async () => {
    const { sessionId, user } = await sharedSession();
    await clickStopSharingBar(x);
    await user.page.getByTestId('ended').waitFor({ timeout: 20_000 });
    await vi.waitFor(async () => expect(await sessionOf(sessionId)).toMatchObject({ status: 'ended', endReason: 'user_stopped' }), WAIT);
    expect((await auditOf(sessionId, 'session.ended'))[0]!.details).toMatchObject({ reason: 'user_stopped', note: 'sharing stopped in the browser' });
  });

  it('stops the share on the user’s screen when the engineer ends the session', async () => {
    const { sessionId, engineer, user } = await sharedSession();
    expect(await sharingBars(x)).toHaveLength(1);
    await engineer.page.getByRole('button', { name: 'End the session' }).click();
    await engineer.page.getByRole('dialog').getByRole('button', { name: 'End the session' }).click();
    await user.page.getByTestId('ended').waitFor({ timeout: 20_000 });
    expect(await user.page.getByTestId('ended').textContent()).toContain('The engineer ended the session.');
    expect(await sessionOf(sessionId)).toMatchObject({ status: 'ended', endReason: 'engineer_ended' });
    // The page let go of the screen: Chromium's "is sharing your screen" bar is gone.
    await vi.waitFor(async () => expect(await sharingBars(x)).toEqual([]), WAIT);
  });

  it('ends the session as the user’s stop when they close the page', async () => {
    const { sessionId, user } = await sharedSession();
    await user.page.close({ runBeforeUnload: true });
    await vi.waitFor(async () => expect(await sessionOf(sessionId)).toMatchObject({ status: 'ended', endReason: 'user_stopped' }), WAIT);
    expect((await auditOf(sessionId, 'session.ended'))[0]!.details).toMatchObject({ reason: 'user_stopped', via: 'page_closed' });
  });
});

describe('the shared screen has no input channel', () => {
  it('answers the viewer’s control request and input with “control unavailable”, and moves nothing', async () => {
    const { sessionId, code } = await openSession(f, await contactedCase(f));
    const harnessBrowser = await launchHarnessChromium();
    opened.push({ context: harnessBrowser });
    const harness: Page = await openHarnessOnServer(harnessBrowser, f.server.url);
    await harness.evaluate(([url, token, id]) => (globalThis as any).harness.watch(url, token, id), [f.server.url, f.engineerToken, sessionId] as const);
    const user = await openJoinPage(userBrowser, f.server, { viewport: null });
    opened.push(user);
    await joinAndConsent(user.page, code);
    await user.page.getByRole('button', { name: 'Share my screen (view only)' }).click();
    const messages = () => harness.evaluate(() => (globalThis as any).harness.messages as Array<Record<string, unknown>>);
    await vi.waitFor(async () => expect((await messages())[0]).toMatchObject({ type: 'hello', control: 'unavailable', displays: [{ width: x.width, height: x.height }] }), WAIT);

    await x.exec('xdotool', ['mousemove', '1000', '100']);
    const before = await x.pointer();
    await harness.evaluate(() => {
      const h = (globalThis as any).harness;
      h.send({ type: 'control', action: 'request' });
      h.send({ type: 'pointer', action: 'move', x: 0.1, y: 0.9 });
      h.send({ type: 'key', action: 'down', code: 'KeyA' });
    });
    await vi.waitFor(async () => expect((await messages()).filter((m) => m['type'] === 'control')).toHaveLength(3), WAIT);
    expect((await messages()).filter((m) => m['type'] === 'control').every((m) => m['state'] === 'unavailable')).toBe(true);
    expect(await x.pointer()).toEqual(before);
    expect(await auditOf(sessionId, 'session.control_granted')).toEqual([]);
  });
});
