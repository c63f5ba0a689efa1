import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets, connectAgent, consentAnswer, emit, windowsDevice } from '../support/realtime.js';
import { mainNavigation, openAs, screenshot, webBrowser } from '../support/web.js';

vi.setConfig({ testTimeout: 60_000 });

let f: LiveFixture;
let browser: Browser;

beforeAll(async () => {
  f = await startLiveServer(undefined);
  browser = await webBrowser();
}, 60_000);
afterAll(async () => {
  closeSockets();
  await browser?.close();
  await f?.server.close();
});

describe('the shell', () => {
  it('is served with a strict Content-Security-Policy and no inline script', async () => {
    const res = await fetch(`${f.server.url}/queue`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  });

  it('switches between Korean and English, everywhere', async () => {
    const p = await openAs(browser, f.server, 'eng1', { locale: 'ko-KR' });
    await screenshot(p.page, 'engineer-queue-ko');
    expect(await mainNavigation(p.page, 'ko-KR').textContent()).toBe('처리 대기열요청 목록통계');
    expect(await p.page.locator('html').getAttribute('lang')).toBe('ko');
    await p.page.getByLabel('언어').selectOption('en');
    await expect.poll(() => mainNavigation(p.page).textContent()).toBe('QueueCasesStatistics');
    expect(await p.page.locator('h1').textContent()).toBe('Queue');
    // The choice sticks across a reload.
    await p.page.reload();
    await expect.poll(() => p.page.locator('h1').textContent()).toBe('Queue');
  });

  it('works from the keyboard, with a visible focus and a skip link', async () => {
    const p = await openAs(browser, f.server, 'cca');
    await p.page.keyboard.press('Tab');
    const skip = p.page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.press('Tab');
    const focused = p.page.locator(':focus');
    expect(await focused.textContent()).toBe('New request');
    expect(await focused.evaluate((el) => (globalThis as any).getComputedStyle(el).outlineStyle)).toBe('solid');
    await p.page.keyboard.press('Enter');
    await expect.poll(() => p.page.locator('h1').textContent()).toBe('Second-level request');
    // Every form control has a label.
    const unlabelled = await p.page.locator('input:not([type="radio"]):not([type="checkbox"]), select, textarea').evaluateAll((els) =>
      els.filter((el) => !(el.id && (globalThis as any).document.querySelector(`label[for="${el.id}"]`)) && !el.getAttribute('aria-label')).length,
    );
    expect(unlabelled).toBe(0);
  });

  it('never puts a token in a URL', async () => {
    const p = await openAs(browser, f.server, 'aud');
    const urls: string[] = [];
    p.page.on('request', (r) => urls.push(r.url()));
    p.page.on('websocket', (ws) => urls.push(ws.url()));
    const token = (await f.server.api.post('/api/auth/login', { username: 'aud', password: 'staff-password-1' })).body.token as string;
    await p.page.getByRole('link', { name: 'Statistics' }).click();
    await p.page.getByRole('link', { name: 'Audit' }).click();
    await expect.poll(() => p.page.getByTestId('chain-status').count()).toBe(1);
    const stored = await p.page.evaluate(() => (globalThis as any).sessionStorage.getItem('remote-assist.session') as string);
    const pageToken = JSON.parse(stored).token as string;
    expect(urls.length).toBeGreaterThan(2);
    for (const url of urls) {
      expect(url).not.toContain(pageToken);
      expect(url).not.toContain(token.split('.')[1]!);
    }
  });
});

describe('a hostile agent', () => {
  it('cannot inject markup: everything it sends is shown as text', async () => {
    const caseId = await contactedCase(f);
    const { sessionId, code } = await openSession(f, caseId);
    const eng = await openAs(browser, f.server, 'eng1');
    let dialogs = 0;
    eng.page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await eng.page.goto(`${f.server.url}/sessions/${sessionId}`);
    await expect.poll(() => eng.page.locator('.live-status').textContent()).toContain('Waiting');
    const payload = '<img src=x onerror="window.__pwned=1;alert(1)">';
    const { agent } = await connectAgent(f.server.url, { joinCode: code });
    await emit(agent, 'agent:hello', { device: windowsDevice({ osName: `Windows ${payload}`, hostname: '<script>window.__pwned=2</script>' }), language: 'en', agentVersion: '<b>1</b>' });
    await emit(agent, 'agent:consent', await consentAnswer('accept', { typedName: '<svg onload=alert(3)>' }));
    await emit(agent, 'session:action', { kind: 'chat', text: `<iframe src="javascript:alert(4)"></iframe>${payload}` });
    await expect.poll(() => eng.page.locator('.device').textContent()).toContain(payload);
    expect(await eng.page.locator('.device').textContent()).toContain('<script>window.__pwned=2</script>');
    await expect.poll(() => eng.page.getByTestId('activity').textContent()).toContain('<iframe src="javascript:alert(4)"></iframe>');
    expect(await eng.page.locator('main img, main iframe:not(.report-preview), main script, main svg').count()).toBe(0);
    expect(await eng.page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
    await screenshot(eng.page, 'hostile-agent');
    // And on the auditor's timeline.
    const aud = await openAs(browser, f.server, 'aud');
    await aud.page.goto(`${f.server.url}/audit/sessions/${sessionId}`);
    await expect.poll(() => aud.page.locator('table.timeline').textContent()).toContain('onerror');
    expect(await aud.page.locator('main img, main script, main svg').count()).toBe(0);
    expect(await aud.page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    expect([...eng.problems, ...aud.problems]).toEqual([]);
  });
});

describe('screens for the README', () => {
  it('captures the login page', async () => {
    const context = await browser.newContext({ locale: 'ko-KR', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${f.server.url}/`);
    await page.getByRole('button', { name: '로그인' }).waitFor();
    await screenshot(page, 'login');
  });
});
