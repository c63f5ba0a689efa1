import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildClips } from '../../server/check/clipBuild.js';
import { CHECK_CLIPS_DIST } from '../../server/check/clipManifest.js';
import { SESSION_CONSENT, sha256Hex } from '../../shared/consent.js';
import { PlaybackCheckView } from '../../shared/playbackCheck/records.js';
import { testClock, type TestClock } from '../support/clock.js';
import { consent, joinAndConsent, openJoinPage, typeCode, type JoinPage, type JoinPageOptions } from '../support/joinPage.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets } from '../support/realtime.js';
import { openAs, screenshot, webBrowser, type UserPage } from '../support/web.js';

/*
 * The join page in headless Chromium as the end user (desktop, or a phone by Playwright's device
 * emulation) and the engineer's pages in the same browser, each in a context of its own. The
 * server runs on a test clock, moved by the tests for the time limit.
 */

const WAIT = { timeout: 30_000, interval: 250 };
const MINUTE = 60_000;
vi.setConfig({ testTimeout: 120_000 });

let f: LiveFixture;
let clock: TestClock;
let browser: Browser;
const opened: Array<{ context: { close(): Promise<void> } }> = [];

beforeAll(async () => {
  clock = testClock();
  // The real build step (skipped when `npm run build:clips` already made the clips).
  await buildClips(CHECK_CLIPS_DIST);
  [f, browser] = await Promise.all([startLiveServer(clock), webBrowser()]);
}, 180_000);

afterEach(async () => {
  for (const p of opened.splice(0)) await p.context.close();
  closeSockets();
});

afterAll(async () => {
  await browser?.close();
  await f?.server.close();
});

const sessionOf = async (sessionId: number) => (await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body;
const auditOf = async (sessionId: number, action: string) => (await f.staff.auditor.get(`/api/audit?sessionId=${sessionId}&action=${action}`)).body.entries as Array<{ details: Record<string, unknown> }>;
const checksOf = async (caseId: number) => PlaybackCheckView.array().parse((await f.staff.engineer.get(`/api/cases/${caseId}/playback-checks`)).body);

async function engineerOn(path: string): Promise<UserPage> {
  const engineer = await openAs(browser, f.server, 'eng1');
  opened.push(engineer);
  await engineer.page.goto(`${f.server.url}${path}`);
  return engineer;
}

async function userPage(options: JoinPageOptions = {}): Promise<JoinPage> {
  const user = await openJoinPage(browser, f.server, options);
  opened.push(user);
  return user;
}

/** A new session of eng1's with the engineer's live page open on it. */
async function sessionWatched(): Promise<{ caseId: number; sessionId: number; code: string; engineer: UserPage }> {
  const caseId = await contactedCase(f);
  const { sessionId, code } = await openSession(f, caseId);
  const engineer = await engineerOn(`/sessions/${sessionId}`);
  await vi.waitFor(async () => expect(await engineer.page.locator('.live-status').textContent()).toMatch(/Waiting/), WAIT);
  return { caseId, sessionId, code, engineer };
}

describe('the video-playback check from the join page', () => {
  it('runs in Chromium, decodes both clips, counts dropped frames, and shows on the engineer’s live page and case page', async () => {
    const { caseId, sessionId, code, engineer } = await sessionWatched();
    const user = await userPage();
    await joinAndConsent(user.page, code);
    expect(await engineer.page.getByTestId('no-playback-checks').textContent()).toBeTruthy();
    await user.page.getByRole('button', { name: 'Check video playback' }).click();
    await user.page.getByTestId('check-result').waitFor({ timeout: 60_000 });
    expect(await user.page.getByTestId('check-result').textContent()).toMatch(/^Done: /);

    const [check] = await checksOf(caseId);
    expect(check).toMatchObject({ sessionId, caseId });
    const playback = check!.result.items.filter((i) => i.id === 'playback');
    expect(playback.map((i) => [i.clip, i.values?.videoWidth, i.values?.videoHeight])).toEqual([['720p', 1280, 720], ['1080p', 1920, 1080]]);
    for (const item of playback) {
      expect(item.values!.decodedFrames).toBeGreaterThan(0);
      expect(Number.isInteger(item.values!.droppedFrames)).toBe(true);
      expect(item.values!.droppedFrames).toBeGreaterThanOrEqual(0);
      expect(item.values!.droppedFrames).toBeLessThanOrEqual(item.values!.decodedFrames);
    }
    expect(check!.result.items.find((i) => i.id === 'browser')).toMatchObject({ values: { name: 'Chromium', source: 'client_hints' } });

    // The live page shows it within seconds, failing rows first, the clips' rows with their frames.
    const live = engineer.page.getByTestId('playback-check');
    await live.waitFor({ timeout: 10_000 });
    const rows = await live.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
    const rank = (s: string | null) => ['fail', 'error', 'warn', 'info', 'pass'].indexOf(s ?? '');
    expect(rows.map(rank)).toEqual([...rows.map(rank)].sort((a, b) => a - b));
    const clipRow = live.locator('tbody tr', { hasText: 'Playback test 720p' });
    expect(await clipRow.textContent()).toContain(`${playback[0]!.values!.decodedFrames} frames decoded, ${playback[0]!.values!.droppedFrames} dropped`);
    await screenshot(engineer.page, 'engineer-live-playback-check');

    // And the case page, from the case record.
    const casePage = await engineerOn(`/cases/${caseId}`);
    const stored = casePage.page.getByTestId('playback-check');
    await stored.waitFor();
    expect(await stored.getAttribute('data-check-id')).toBe(String(check!.id));
    expect(await stored.locator('tbody tr', { hasText: 'Playback test 1080p' }).textContent()).toContain(`${playback[1]!.values!.decodedFrames} frames decoded`);
    const [audited] = await auditOf(sessionId, 'session.playback_check');
    expect(audited!.details).toMatchObject({ checkId: check!.id, status: check!.result.status });
    expect([...user.problems, ...engineer.problems, ...casePage.problems]).toEqual([]);
  });

  it('on a phone offers the check and the chat, and no screen sharing', async () => {
    const { caseId, sessionId, code, engineer } = await sessionWatched();
    const user = await userPage({ device: 'Pixel 7' });
    await joinAndConsent(user.page, code);
    expect(await user.page.getByRole('button', { name: 'Share my screen (view only)' }).count()).toBe(0);
    expect(await user.page.getByText('This device cannot share its screen from the browser; the check and the chat still work.').isVisible()).toBe(true);
    await vi.waitFor(async () => expect(await engineer.page.getByTestId('device').textContent()).toMatch(/mobile/), WAIT);
    await screenshot(user.page, 'join-phone-en');

    await engineer.page.getByLabel('Message to the user').fill('Please press “Check video playback”.');
    await engineer.page.getByRole('button', { name: 'Send' }).click();
    await vi.waitFor(async () => expect(await user.page.getByTestId('chat').textContent()).toContain('Please press “Check video playback”.'), WAIT);
    await user.page.getByLabel('Message', { exact: true }).fill('Done, it says 3 items.');
    await user.page.getByRole('button', { name: 'Send' }).click();
    await vi.waitFor(async () => expect(await engineer.page.locator('.live-side').textContent()).toContain('Done, it says 3 items.'), WAIT);

    await user.page.getByRole('button', { name: 'Check video playback' }).click();
    await user.page.getByTestId('check-result').waitFor({ timeout: 60_000 });
    const [check] = await checksOf(caseId);
    expect(check!.result.items.find((i) => i.id === 'browser')).toMatchObject({ values: { deviceType: 'mobile' } });
    expect(check!.result.items.find((i) => i.id === 'screen')).toMatchObject({ values: { width: 412, pixelRatio: 2.625 } });
    await engineer.page.getByTestId('playback-check').waitFor({ timeout: 10_000 });
    expect((await auditOf(sessionId, 'session.chat')).map((e) => e.details['text'])).toEqual(['Please press “Check video playback”.', 'Done, it says 3 items.']);
    expect([...user.problems, ...engineer.problems]).toEqual([]);
  });
});

describe('the consent on the join page', () => {
  it('declining shares nothing: the session ends as declined, no check, no screen, no chat', async () => {
    const { caseId, sessionId, code, engineer } = await sessionWatched();
    const user = await userPage();
    await typeCode(user.page, code);
    await user.page.getByRole('button', { name: 'Decline' }).click();
    await user.page.getByTestId('ended').waitFor();
    expect(await user.page.getByTestId('ended').textContent()).toContain('You declined. Nothing was shared.');
    expect(await user.page.getByRole('button', { name: 'Check video playback' }).count()).toBe(0);
    expect(await user.page.getByRole('button', { name: 'Share my screen (view only)' }).count()).toBe(0);
    await vi.waitFor(async () => expect(await sessionOf(sessionId)).toMatchObject({ status: 'ended', endReason: 'user_declined' }), WAIT);
    await vi.waitFor(async () => expect(await engineer.page.locator('.live-status').textContent()).toBe('The session ended: the user declined.'), WAIT);
    expect(await engineer.page.getByTestId('remote-screen').count()).toBe(0);
    expect(await checksOf(caseId)).toEqual([]);
    const consents = (await f.staff.auditor.get(`/api/sessions/${sessionId}/consents`)).body as Array<Record<string, unknown>>;
    expect(consents.map((c) => [c['kind'], c['decision']])).toEqual([['session', 'decline']]);
    for (const action of ['session.playback_check', 'session.chat']) expect(await auditOf(sessionId, action), action).toEqual([]);
  });

  it('in Korean shows the Korean consent text and records it with its version and hash', async () => {
    const { sessionId, code } = await sessionWatched();
    const user = await userPage({ locale: 'ko-KR' });
    expect(await user.page.locator('html').getAttribute('lang')).toBe('ko');
    await typeCode(user.page, code);
    expect(await user.page.getByTestId('consent-text').textContent()).toBe(SESSION_CONSENT.ko);
    expect(await user.page.getByTestId('who-asks').textContent()).toContain('eng1 name');
    await consent(user.page, '이고객');
    await user.page.getByRole('button', { name: '영상 재생 검사' }).waitFor();
    const [record] = (await f.staff.auditor.get(`/api/sessions/${sessionId}/consents`)).body as Array<Record<string, unknown>>;
    expect(record).toMatchObject({ kind: 'session', decision: 'accept', language: 'ko', textVersion: SESSION_CONSENT.version, textSha256: await sha256Hex(SESSION_CONSENT.ko), typedName: '이고객' });
    await screenshot(user.page, 'join-consented-ko');
  });
});

describe('the time limit on the join page', () => {
  it('warns, asks for more time with Accept and Decline on the page, and ends the session at the limit', async () => {
    const { sessionId, code, engineer } = await sessionWatched();
    const user = await userPage();
    await joinAndConsent(user.page, code);
    expect(await user.page.getByTestId('time-left').textContent()).toMatch(/^(60:0\d|59:5\d)$/);

    await clock.advance(50 * MINUTE);
    await vi.waitFor(async () => expect(await user.page.getByTestId('warning').textContent()).toBe('About 10 minute(s) left in this session.'), WAIT);
    expect(await user.page.getByTestId('time-left').textContent()).toMatch(/^(10:0\d|9:5\d)$/);

    const askForMore = async (minutes: string, reason: string) => {
      await engineer.page.getByRole('button', { name: 'Ask for more time' }).click();
      const dialog = engineer.page.getByRole('dialog', { name: 'Ask for more time' });
      await dialog.getByLabel('Minutes').fill(minutes);
      await dialog.getByLabel('Reason (shown to the user)').fill(reason);
      await dialog.getByRole('button', { name: 'Ask the user' }).click();
      const prompt = user.page.getByTestId('extension');
      await prompt.waitFor({ timeout: 20_000 });
      expect(await prompt.textContent()).toContain(reason);
      return prompt;
    };

    const first = await askForMore('20', 'Reinstalling the C++ runtime');
    expect(await first.getByRole('button', { name: 'Agree to the extension' }).isDisabled()).toBe(true);
    await first.getByLabel('Your name (as your signature)').fill('Lee Customer');
    await first.getByRole('button', { name: 'Agree to the extension' }).click();
    await vi.waitFor(async () => expect(await user.page.getByTestId('extended').textContent()).toBe('The session was extended.'), WAIT);
    expect(await user.page.getByTestId('time-left').textContent()).toMatch(/^(30:0\d|29:5\d)$/);
    expect(await user.page.getByTestId('warning').count()).toBe(0);
    await vi.waitFor(async () => expect(await engineer.page.getByTestId('notice').textContent()).toBe('The user accepted the extension.'), WAIT);

    const second = await askForMore('10', 'One more test');
    await second.getByRole('button', { name: 'No more time' }).click();
    await vi.waitFor(async () => expect(await engineer.page.getByTestId('notice').textContent()).toBe('The user declined the extension.'), WAIT);
    expect(await user.page.getByTestId('extension').count()).toBe(0);
    const consents = (await f.staff.auditor.get(`/api/sessions/${sessionId}/consents`)).body as Array<Record<string, unknown>>;
    expect(consents.map((c) => [c['kind'], c['decision'], c['extensionMinutes']])).toEqual([
      ['session', 'accept', null],
      ['extension', 'accept', 20],
      ['extension', 'decline', 10],
    ]);

    await clock.advance(30 * MINUTE);
    await user.page.getByTestId('ended').waitFor({ timeout: 20_000 });
    expect(await user.page.getByTestId('ended').textContent()).toContain('The session’s time is up.');
    expect(await sessionOf(sessionId)).toMatchObject({ status: 'ended', endReason: 'expired' });
    expect([...user.problems, ...engineer.problems]).toEqual([]);
  });
});

/** Markup that would run if anything rendered the browser's strings as HTML. */
const HOSTILE = {
  brand: '<img src=x onerror="window.__pwned=1">',
  platform: '<svg onload="window.__pwned=2">',
  model: '</td><script>window.__pwned=3</script>',
  chat: '<b onmouseover="window.__pwned=4">hi</b><script>window.__pwned=5</script>',
  name: '<iframe srcdoc="<script>parent.__pwned=6</script>">',
};

describe('what the browser reports is text on staff pages', () => {
  it('shows hostile Client Hints, chat and a hostile name as text on the live page, the case page and the audit timeline, and runs none of it', async () => {
    const { caseId, sessionId, code, engineer } = await sessionWatched();
    const user = await userPage({
      // The Client Hints a tampered browser could send: CDP sets them as the browser's own.
      beforeOpen: async (page) => {
        const cdp = await page.context().newCDPSession(page);
        const brands = [{ brand: HOSTILE.brand, version: '1.0' }];
        await cdp.send('Emulation.setUserAgentOverride', {
          userAgent: `Mozilla/5.0 (X11; Linux x86_64) ${HOSTILE.brand}`,
          userAgentMetadata: { brands, fullVersionList: brands, platform: HOSTILE.platform, platformVersion: '1', architecture: 'x86', model: HOSTILE.model, mobile: false },
        });
      },
    });
    await typeCode(user.page, code);
    await consent(user.page, HOSTILE.name);
    await user.page.getByRole('button', { name: 'Check video playback' }).waitFor();
    await user.page.getByLabel('Message', { exact: true }).fill(HOSTILE.chat);
    await user.page.getByRole('button', { name: 'Send' }).click();
    await user.page.getByRole('button', { name: 'Check video playback' }).click();
    await user.page.getByTestId('check-result').waitFor({ timeout: 60_000 });

    const [check] = await checksOf(caseId);
    expect(check!.result.items.find((i) => i.id === 'browser')).toMatchObject({ values: { name: HOSTILE.brand, osName: HOSTILE.platform, model: HOSTILE.model } });
    await vi.waitFor(async () => expect(await engineer.page.locator('.live-side').textContent()).toContain(HOSTILE.chat), WAIT);
    await engineer.page.getByTestId('playback-check').waitFor({ timeout: 10_000 });
    expect(await engineer.page.getByTestId('device').textContent()).toContain(HOSTILE.brand);
    expect(await engineer.page.getByTestId('playback-check').textContent()).toContain(HOSTILE.platform);

    const casePage = await engineerOn(`/cases/${caseId}`);
    await casePage.page.getByTestId('playback-check').waitFor();
    expect(await casePage.page.getByTestId('playback-check').textContent()).toContain(HOSTILE.model);
    const auditor = await openAs(browser, f.server, 'aud');
    opened.push(auditor);
    await auditor.page.goto(`${f.server.url}/audit/sessions/${sessionId}`);
    await auditor.page.locator('table.timeline').waitFor();
    await vi.waitFor(async () => expect(await auditor.page.locator('#app').textContent()).toContain(HOSTILE.name), WAIT);
    expect(await auditor.page.locator('#app').textContent()).toContain(HOSTILE.chat);

    for (const page of [engineer.page, casePage.page, auditor.page]) {
      expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(await page.locator('#app img[src="x"], #app svg[onload], #app script, #app iframe[srcdoc], #app b[onmouseover]').count()).toBe(0);
    }
    await screenshot(casePage.page, 'case-hostile-browser');
    expect([...engineer.problems, ...casePage.problems, ...auditor.problems]).toEqual([]);
  });
});
