import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOAD_STYLE } from '../../server/http/download.js';
import { launchChromium } from '../support/browserViewer.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { screenshot } from '../support/web.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let builds: string;
let withBuilds: TestServer;
let withoutBuilds: TestServer;
const exe = randomBytes(300_000);
const linux = randomBytes(200_000);

beforeAll(async () => {
  builds = mkdtempSync(join(tmpdir(), 'ra-builds-'));
  // Stand-ins for built files: the page lists and serves files by name and never runs them.
  writeFileSync(join(builds, 'RemoteAssist-Support-0.1.0-win-x64.exe'), exe);
  writeFileSync(join(builds, 'RemoteAssist-Support-0.1.0-linux-x64'), linux);
  writeFileSync(join(builds, 'RemoteAssist-Support-0.1.0-win-x64'), 'a Windows build without .exe is not a build');
  writeFileSync(join(builds, 'notes.txt'), 'not for download');
  mkdirSync(join(builds, 'RemoteAssist-Support-0.2.0-linux-x64'));
  [withBuilds, withoutBuilds] = await Promise.all([
    startTestServer({ env: { RA_AGENT_BUILDS_DIR: builds } }),
    startTestServer({ env: { RA_AGENT_BUILDS_DIR: join(builds, 'missing') } }),
  ]);
});

afterAll(async () => {
  await withBuilds?.close();
  await withoutBuilds?.close();
  rmSync(builds, { recursive: true, force: true });
});

const page = async (server: TestServer, headers: Record<string, string> = {}, query = '') => {
  const res = await fetch(`${server.url}/download${query}`, { headers });
  return { status: res.status, headers: res.headers, html: await res.text() };
};

describe('the /download page', () => {
  it('lists each build with its version, size and SHA-256, and links it — without a login', async () => {
    const { status, html } = await page(withBuilds, { 'accept-language': 'en-US,en;q=0.9' });
    expect(status).toBe(200);
    expect(html).toContain('<a href="/download/RemoteAssist-Support-0.1.0-win-x64.exe" download>RemoteAssist-Support-0.1.0-win-x64.exe</a>');
    expect(html).toContain('<a href="/download/RemoteAssist-Support-0.1.0-linux-x64" download>');
    expect(html).toContain(sha256(exe));
    expect(html).toContain(sha256(linux));
    expect(html).toContain('0.3 MiB');
    expect(html).toMatch(/Windows 10\/11 \(64-bit\)<\/td><td>0\.1\.0</);
    // Windows first; nothing that is not a build file.
    expect(html.indexOf('win-x64.exe')).toBeLessThan(html.indexOf('linux-x64'));
    expect(html).not.toContain('notes.txt');
    expect(html).not.toContain('0.2.0');
    expect(html).not.toMatch(/>RemoteAssist-Support-0\.1\.0-win-x64</);
  });

  it('says clearly when there is no build, and how to make one', async () => {
    const en = await page(withoutBuilds, { 'accept-language': 'en' });
    expect(en.status).toBe(200);
    expect(en.html).toContain('No program is available for download yet');
    expect(en.html).toContain('npm run build:agent');
    expect(en.html).not.toContain('<table>');
    const ko = await page(withoutBuilds, { 'accept-language': 'ko-KR' });
    expect(ko.html).toContain('아직 내려받을 수 있는 프로그램이 없습니다');
  });

  it('speaks Korean or English by Accept-Language, Korean by default, and ?lang switches', async () => {
    expect((await page(withBuilds, { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.5' })).html).toContain('<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>RemoteAssist Support 내려받기');
    expect((await page(withBuilds, { 'accept-language': 'en-GB' })).html).toContain('<title>Download RemoteAssist Support</title>');
    expect((await page(withBuilds, { 'accept-language': 'de-DE' })).html).toContain('<html lang="ko">');
    expect((await page(withBuilds, { 'accept-language': 'ko' }, '?lang=en')).html).toContain('<html lang="en">');
  });

  it('is served under the strict CSP: its one style allowed by hash, no script at all', async () => {
    const { headers, html } = await page(withBuilds);
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`'sha256-${createHash('sha256').update(DOWNLOAD_STYLE).digest('base64')}'`);
    expect(csp).not.toContain('unsafe-inline');
    expect(html).not.toContain('<script');
  });
});

describe('a download', () => {
  it('sends the file as an attachment with its own content type', async () => {
    const res = await fetch(`${withBuilds.url}/download/RemoteAssist-Support-0.1.0-win-x64.exe`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.microsoft.portable-executable');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?RemoteAssist-Support-0\.1\.0-win-x64\.exe"?$/);
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(exe));
    const other = await fetch(`${withBuilds.url}/download/RemoteAssist-Support-0.1.0-linux-x64`);
    expect(other.headers.get('content-type')).toBe('application/octet-stream');
    expect(sha256(new Uint8Array(await other.arrayBuffer()))).toBe(sha256(linux));
  });

  it('serves nothing but the listed builds: no other file of the folder, nothing outside it', async () => {
    for (const path of ['notes.txt', 'RemoteAssist-Support-0.1.0-win-x64', 'RemoteAssist-Support-0.2.0-linux-x64', '..%2Fpackage.json', '%2e%2e%2f%2e%2e%2fpackage.json', '..%5C..%5Cpackage.json', 'RemoteAssist-Support-0.1.0-win-x64.exe%00.txt']) {
      const res = await fetch(`${withBuilds.url}/download/${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.json(), path).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    const missing = await fetch(`${withoutBuilds.url}/download/RemoteAssist-Support-0.1.0-win-x64.exe`);
    expect(missing.status).toBe(404);
  });
});

describe('in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders styled (the CSP lets its style through) and offers the file for download', async () => {
    const p = await browser.newPage({ locale: 'en-US', acceptDownloads: true });
    const violations: string[] = [];
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await p.goto(`${withBuilds.url}/download`);
    expect(await p.locator('th').first().evaluate((th) => (globalThis as any).getComputedStyle(th).backgroundColor)).toBe('rgb(244, 244, 244)');
    await screenshot(p, 'download-page');
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('link', { name: 'RemoteAssist-Support-0.1.0-win-x64.exe' }).click()]);
    expect(download.suggestedFilename()).toBe('RemoteAssist-Support-0.1.0-win-x64.exe');
    expect(violations).toEqual([]);
    await p.close();
  });

  it('is linked from the login page', async () => {
    const p = await browser.newPage({ locale: 'en-US' });
    await p.goto(`${withBuilds.url}/`);
    await p.getByRole('link', { name: 'End users: download RemoteAssist Support' }).click();
    await p.waitForURL(`${withBuilds.url}/download`);
    expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Download RemoteAssist Support');
    await p.close();
  });
});
