import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browserViewer.js';
import { PASSWORD } from './fixtures.js';
import { ROOT } from './processes.js';
import { ADMIN, type TestServer } from './server.js';

export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

/** A browser for the web-app tests; each user gets a context of their own (their own sessionStorage). */
export async function webBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return launchChromium();
}

/**
 * Playwright installs its clock by a script in every frame; the sandboxed frame that shows a
 * report (no `allow-scripts`) blocks it, as it must. That refusal is not a problem of the page.
 */
const CLOCK_SCRIPT_BLOCKED = /^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/;

export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and CSP violations seen in the page. */
  problems: string[];
}

/**
 * Opens the app as a user and logs in through the login form. The page's clock starts at the
 * server's "now" and runs from there, so what the page computes from `Date.now()` (SLA clocks,
 * today's date, the current month) agrees with the server whatever the machine's date.
 */
export async function openAs(browser: Browser, server: Pick<TestServer, 'url' | 'clock'>, username: string, options: { locale?: 'en-US' | 'ko-KR'; password?: string } = {}): Promise<UserPage> {
  const baseUrl = server.url;
  const context = await browser.newContext({ locale: options.locale ?? 'en-US', viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Seoul' });
  await context.clock.install({ time: server.clock.now() });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text()) && !CLOCK_SCRIPT_BLOCKED.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${baseUrl}/`);
  const ko = options.locale === 'ko-KR';
  await page.getByLabel(ko ? '아이디' : 'Username').fill(username);
  await page.getByLabel(ko ? '비밀번호' : 'Password').fill(options.password ?? (username === ADMIN.username ? ADMIN.password : PASSWORD));
  await page.getByRole('button', { name: ko ? '로그인' : 'Log in' }).click();
  await mainNavigation(page, ko ? 'ko-KR' : 'en-US').waitFor();
  return { context, page, problems };
}

/** The app's main navigation, by its label in the page's language. */
export function mainNavigation(page: Page, locale: 'en-US' | 'ko-KR' = 'en-US') {
  return page.getByRole('navigation', { name: locale === 'ko-KR' ? '주 메뉴' : 'Main', exact: true });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
