import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAgent, consent } from '../support/agentProcess.js';
import { startLiveServer, type LiveFixture } from '../support/live.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { openAs, screenshot, webBrowser, type UserPage } from '../support/web.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

vi.setConfig({ testTimeout: 180_000 });

let x: XDisplay;
let f: LiveFixture;
let smtp: TestSmtp;
let browser: Browser;

beforeAll(async () => {
  x = await startXvfb(1280, 720);
  smtp = await startSmtp();
  f = await startLiveServer(undefined, { RA_SUPPORTED_PLATFORMS: 'windows,linux', RA_SMTP_URL: smtp.url });
  browser = await webBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await f?.server.close();
  await smtp?.close();
  await x?.stop();
});

/** The average brightness of a region of the <video>, read from its pixels in the page. */
function screenBrightness(p: UserPage, region: [number, number, number, number]) {
  return p.page.evaluate(([x0, y0, w, h]) => {
    // Runs in the page (the test's own types are Node's, not the DOM's).
    const document = (globalThis as any).document;
    const v = document.querySelector('[data-testid="remote-screen"]');
    if (!v.videoWidth) return -1;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(v, 0, 0);
    const d = ctx.getImageData(x0, y0, w, h).data as Uint8ClampedArray;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += d[i]! + d[i + 1]! + d[i + 2]!;
    return sum / (d.length / 4);
  }, region);
}

describe('the whole procedure in the browser', () => {
  it('runs from the call center’s request to the auditor’s verified timeline', async () => {
    // 1. Call-center staff file the request through the form.
    const cc = await openAs(browser, f.server, 'cca');
    await cc.page.getByRole('link', { name: 'New request' }).click();
    await cc.page.getByLabel('Customer name').fill('Lee Customer');
    await cc.page.getByLabel('Contact number').fill('010-2345-6789');
    await cc.page.getByLabel('Address of the site the customer uses').fill('https://lectures.alpha.example/course/7');
    await cc.page.getByLabel('Symptoms (specific: what, where, since when)').fill('The lecture video stops every 10 seconds in Chrome since last Monday');
    await cc.page.getByRole('radio', { name: 'No' }).check();
    await cc.page.locator('input[name="firstLevelChecks.siteCheck.done"]').check();
    await cc.page.locator('input[name="firstLevelChecks.siteCheck.result"]').fill('Site plays fine for other users');
    await cc.page.getByLabel(/consented to be handed over/).check();
    await screenshot(cc.page, 'callcenter-request-form');
    await cc.page.getByRole('button', { name: 'Send to the HelpDesk' }).click();
    const sent = await cc.page.getByRole('status').filter({ hasText: 'The case reference is' }).textContent();
    const ref = /RA-\d{6}/.exec(sent ?? '')![0];

    // 2. The engineer sees it first in the queue, takes it, logs a call and starts a session.
    const eng = await openAs(browser, f.server, 'eng1');
    const firstRow = eng.page.locator('table.queue tbody tr').first();
    await expect.poll(() => firstRow.textContent()).toContain(ref);
    await expect.poll(() => firstRow.locator('td').first().textContent()).toBe('1');
    await screenshot(eng.page, 'engineer-queue');
    await firstRow.getByRole('button', { name: 'Assign to me' }).click();
    await firstRow.getByRole('link', { name: ref }).click();
    await eng.page.getByLabel('Note').fill('Explained how remote support works');
    await eng.page.getByRole('button', { name: 'Log a call' }).click();
    await eng.page.getByRole('button', { name: 'Start a remote session' }).click();
    const code = (await eng.page.getByTestId('join-code').textContent())!.trim();
    expect(code).toMatch(/^\d{3} \d{3} \d{3}$/);
    await screenshot(eng.page, 'engineer-join-code');

    // 3. The real agent joins with the dictated code and the user consents at its prompt.
    const agent = startAgent(['--server', f.server.url, '--lang', 'en', code.replace(/ /g, '')], x.env);
    await consent(agent);
    await agent.waitFor('Commands');
    await expect.poll(() => eng.page.locator('.live-status').textContent(), { timeout: 20_000 }).toContain('Connected');

    // 4. The engineer's page shows the agent's screen: real pixels that change when a window opens.
    await expect.poll(() => screenBrightness(eng, [500, 300, 100, 80]), { timeout: 20_000 }).toBeGreaterThanOrEqual(0);
    expect(await screenBrightness(eng, [500, 300, 100, 80])).toBeLessThan(60);
    x.spawn('xev', ['-geometry', '400x300+400+200']);
    await expect.poll(() => screenBrightness(eng, [500, 300, 100, 80]), { timeout: 15_000 }).toBeGreaterThan(600);

    // 5. A click on the page moves the agent's X pointer.
    await eng.page.getByRole('button', { name: 'Take control' }).click();
    await expect.poll(() => eng.page.getByTestId('control-state').textContent()).toContain('You control');
    const video = eng.page.getByTestId('remote-screen');
    const box = (await video.boundingBox())!;
    const scale = Math.min(box.width / 1280, box.height / 720);
    const left = box.x + (box.width - 1280 * scale) / 2;
    const top = box.y + (box.height - 720 * scale) / 2;
    await eng.page.mouse.click(left + 320 * scale, top + 540 * scale);
    await expect.poll(() => x.pointer(), { timeout: 10_000 }).toEqual({ x: 320, y: 540 });
    await eng.page.keyboard.press('Shift+Escape');
    await expect.poll(() => eng.page.getByTestId('control-state').textContent()).toContain('off');

    // 6. Diagnostics run and show.
    await expect.poll(() => eng.page.locator('.results .diagnostic').count(), { timeout: 60_000 }).toBe(8); // the automatic pre-check
    await eng.page.getByRole('button', { name: 'Run the selected checks' }).click();
    await expect.poll(() => eng.page.getByRole('button', { name: 'Running…' }).count()).toBe(1);
    await expect.poll(() => eng.page.getByRole('button', { name: 'Run the selected checks' }).count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => eng.page.locator('.results [data-check="network"] .summary').textContent()).toMatch(/latency .* ms/);
    await screenshot(eng.page, 'engineer-live-session');

    // 7. The engineer asks for more time and the user accepts at the agent.
    await eng.page.getByRole('button', { name: 'Ask for more time' }).click();
    await eng.page.getByLabel('Minutes').fill('20');
    await eng.page.getByLabel('Reason (shown to the user)').fill('Reinstalling the player runtime');
    await eng.page.getByRole('button', { name: 'Ask the user' }).click();
    await agent.waitFor('asks to extend by 20 minutes');
    await agent.waitFor('Type "yes"');
    agent.type('yes');
    await agent.waitFor('Type your name');
    agent.type('Lee Tester');
    await expect.poll(() => eng.page.getByTestId('notice').textContent()).toContain('The user accepted the extension');
    await expect.poll(() => eng.page.getByTestId('time-left').textContent()).toMatch(/^(79|80):/);

    // 8. The engineer ends the session and submits the report.
    await eng.page.getByRole('button', { name: 'End the session' }).click();
    await eng.page.getByRole('dialog').getByRole('button', { name: 'End the session' }).click();
    expect(await agent.exited).toBe(0);
    await eng.page.getByLabel('Cause').selectOption('player_runtime');
    await eng.page.getByLabel('What was done').fill('Reinstalled the Visual C++ runtime; the lecture plays.');
    await eng.page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => eng.page.frameLocator('iframe.report-preview').locator('h1').textContent()).toContain(ref);
    await screenshot(eng.page, 'engineer-report-form');
    await eng.page.getByRole('button', { name: 'Close the case and mail the report' }).click();
    await expect.poll(() => eng.page.getByRole('status').filter({ hasText: 'report was submitted' }).count()).toBe(1);
    await vi.waitFor(() => expect(smtp.messages.some((m) => m.subject?.includes(ref))).toBe(true), { timeout: 10_000 });

    // 9. The call-center staff see the report.
    await cc.page.getByRole('link', { name: 'Our cases' }).click();
    await cc.page.getByRole('link', { name: ref }).click();
    await cc.page.getByRole('button', { name: 'View report' }).click();
    await expect.poll(() => cc.page.frameLocator('iframe.report-preview').locator('body').textContent()).toContain('Reinstalled the Visual C++ runtime');
    await screenshot(cc.page, 'callcenter-case-report');

    // 10. The auditor sees the full timeline and a verified chain.
    const aud = await openAs(browser, f.server, 'aud');
    await expect.poll(() => aud.page.getByTestId('chain-status').textContent()).toMatch(/intact: \d+ entries verified/);
    await aud.page.getByRole('link', { name: 'Timeline' }).first().click();
    await expect.poll(() => aud.page.getByTestId('consent-record').count()).toBe(2);
    expect(await aud.page.getByTestId('consent-hash').first().textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await aud.page.locator('pre.consent-text').first().textContent()).toContain('Consent to remote support');
    const actions = await aud.page.locator('table.timeline tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['session.opened', 'session.consent_recorded', 'session.started', 'session.control_granted', 'session.diagnostic_run', 'session.extended', 'session.ended']));
    await screenshot(aud.page, 'auditor-timeline');

    for (const p of [cc, eng, aud]) expect(p.problems).toEqual([]);
  });
});
