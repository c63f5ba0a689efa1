import { request as httpRequest } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { monotonicClock } from '../../agent/countdown.js';
import { ScreenUi } from '../../agent/ui/screenUi.js';
import { LoopbackHost } from '../../agent/ui/web/loopbackHost.js';
import { SESSION_CONSENT } from '../../shared/consent.js';
import type { ConsentRequest } from '../../shared/protocol/session.js';
import { launchChromium } from '../support/browserViewer.js';
import { ROOT } from '../support/processes.js';

/**
 * The Linux host of the agent's windows: a page the agent serves on 127.0.0.1, here opened in
 * Chromium (the user's default browser in real life) and used with real clicks and typing, found
 * by role and accessible name. And the server's refusals: another Host, no cookie, another origin.
 */
vi.setConfig({ testTimeout: 30_000 });

let browser: Browser;
const request: ConsentRequest = {
  sessionId: 7, caseRef: 'C-2026-0042', engineerName: 'Park Jisoo', helpdeskName: 'Second-level HelpDesk', capabilities: ['view_screen', 'control_input', 'chat'], diagnostics: [],
  everyActionLogged: true, canStopAnytime: true, timeLimitMinutes: 60, maxTotalMinutes: 360, text: { version: SESSION_CONSENT.version, sha256: { ko: '', en: '' } }, answerWithinSeconds: 120, answerWithinMs: 120_000,
};
const shots = join(ROOT, 'test-output/screenshots');

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function start(language: 'en' | 'ko' = 'en') {
  const opened: string[] = [];
  const host = await LoopbackHost.start({ language, openBrowser: (url) => opened.push(url) });
  const ui = new ScreenUi(host, monotonicClock);
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  return { host, ui, opened, context, page, close: async () => (ui.close(), await context.close()) };
}

/** Opens the address the agent gave the browser, as the browser would. */
async function openPage(page: Page, opened: string[]) {
  await vi.waitFor(() => expect(opened).toHaveLength(1));
  await page.goto(opened[0]!);
}

function raw(origin: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}${path}`, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

describe('the agent windows on Linux, as a loopback page in the browser', () => {
  it('accepts only after a name is typed and a real click; a script clicking the button does not consent', async () => {
    const t = await start();
    try {
      const consent = t.ui.showConsent(request, monotonicClock.now() + 120_000);
      let outcome: unknown = null;
      void consent.result.then((o) => (outcome = o));
      await openPage(t.page, t.opened);
      expect(t.page.url()).toBe(`${t.host.origin}/ui/`);
      const dialog = t.page.getByRole('dialog', { name: /Remote support request/ });
      await expect.poll(() => dialog.getByRole('textbox', { name: 'Consent text' }).inputValue()).toBe(SESSION_CONSENT.en);
      await expect.poll(() => dialog.textContent()).toContain('Park Jisoo of Second-level HelpDesk asks to connect to this PC.');
      const accept = dialog.getByRole('button', { name: 'Accept' });
      expect(await accept.isDisabled()).toBe(true);
      await dialog.getByRole('textbox', { name: 'Your name (your signature)' }).pressSequentially('Kim Minji');
      await expect.poll(() => accept.isEnabled(), { timeout: 5000 }).toBe(true);
      await t.page.keyboard.press('Enter');
      await accept.evaluate((button) => (button as any).click());
      await new Promise((r) => setTimeout(r, 500));
      expect(outcome).toBeNull();
      await dialog.getByRole('checkbox', { name: 'A supervisor may also watch' }).click();
      await expect.poll(() => dialog.getByRole('checkbox', { name: 'A supervisor may also watch' }).isChecked()).toBe(true);
      await t.page.screenshot({ path: join(shots, 'agent-linux-consent-en.png') });
      await accept.click();
      expect(await consent.result).toEqual({ kind: 'accept', typedName: 'Kim Minji', allowObservers: true, language: 'en' });
      await expect.poll(() => t.page.getByRole('dialog').count()).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('shows the panel with Pause, Stop and chat, and says why the session ended, in Korean', async () => {
    const t = await start('ko');
    try {
      const events: string[] = [];
      const panel = t.ui.showPanel({ endsAt: monotonicClock.now() + 3_600_000, control: 'on' }, { togglePause: () => events.push('pause'), stop: () => events.push('stop'), chat: (text) => events.push(`chat:${text}`) });
      await openPage(t.page, t.opened);
      const dialog = t.page.getByRole('dialog', { name: /원격 지원 중/ });
      await expect.poll(() => dialog.textContent()).toMatch(/남은 시간: (59:5\d|1:00:00)/);
      await dialog.getByRole('button', { name: '조작 일시 중지' }).click();
      await dialog.getByRole('textbox', { name: '엔지니어에게 보낼 메시지' }).pressSequentially('감사합니다');
      await t.page.keyboard.press('Enter');
      await expect.poll(() => events).toContain('chat:감사합니다');
      panel.chat({ from: 'engineer', name: '박지수', text: '강의 페이지를 열어 주세요.' });
      await expect.poll(() => dialog.getByRole('textbox', { name: '채팅' }).inputValue()).toBe('나: 감사합니다\n박지수: 강의 페이지를 열어 주세요.');
      await t.page.screenshot({ path: join(shots, 'agent-linux-panel-ko.png') });
      await dialog.getByRole('button', { name: '중지', exact: true }).click();
      await expect.poll(() => events).toEqual(['pause', 'chat:감사합니다', 'stop']);

      const ended = t.ui.showEnded('user_stopped');
      const end = t.page.getByRole('dialog', { name: /RemoteAssist/ });
      await expect.poll(() => end.textContent()).toContain('원격 지원을 중지하셨습니다.');
      await end.getByRole('button', { name: '닫기' }).click();
      await ended;
    } finally {
      await t.close();
    }
  });

  it('refuses another Host, a request without the page cookie, a POST from another origin, and a reused launch address', async () => {
    const t = await start();
    try {
      const consent = t.ui.showConsent(request, monotonicClock.now() + 120_000);
      let outcome: unknown = null;
      void consent.result.then((o) => (outcome = o));
      await openPage(t.page, t.opened);
      const page = await raw(t.host.origin, '/ui/', { headers: { cookie: await cookieHeader(t.context) } });
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['access-control-allow-origin']).toBeUndefined();

      const port = new URL(t.host.origin).port;
      expect((await raw(t.host.origin, '/ui/', { headers: { host: `rebound.example:${port}`, cookie: await cookieHeader(t.context) } })).status).toBe(403);
      expect((await raw(t.host.origin, '/ui/')).status).toBe(403);
      const forged = JSON.stringify({ window: '1', type: 'activate', id: 'decline', trusted: true });
      const post = (headers: Record<string, string>) => raw(t.host.origin, '/ui/event', { method: 'POST', headers: { 'content-type': 'application/json', cookie: '', ...headers }, body: forged });
      const cookie = await cookieHeader(t.context);
      expect((await post({ origin: 'http://evil.example', cookie })).status).toBe(403);
      expect((await post({ origin: t.host.origin })).status).toBe(403);
      expect((await post({ origin: t.host.origin, cookie, 'content-type': 'text/plain' })).status).toBe(403);
      const preflight = await raw(t.host.origin, '/ui/event', { method: 'OPTIONS', headers: { origin: 'http://evil.example', cookie } });
      expect(preflight.status).toBe(405);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect((await raw(t.host.origin, '/ui/event', { method: 'POST', headers: { origin: t.host.origin, cookie, 'content-type': 'application/json' }, body: '{"window":1}' })).status).toBe(400);

      expect(outcome).toBeNull();
      // Somebody else opening the launch address as well: every open question is withdrawn.
      expect((await raw(t.host.origin, new URL(t.opened[0]!).pathname)).status).toBe(410);
      expect(await consent.result).toEqual({ kind: 'decline' });
    } finally {
      await t.close();
    }
  });
});
