import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './processes.js';

/** Debian's Chromium, with the flags this machine needs (see DEVELOPERS.md). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

const FILES: Record<string, [string, string]> = {
  '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>viewer harness</title><video id="screen" muted playsinline></video><script src="/socket.io.min.js"></script><script src="/simplepeer.min.js"></script><script src="/harness.js"></script>'],
  '/socket.io.min.js': ['text/javascript', readFileSync(join(ROOT, 'node_modules/socket.io-client/dist/socket.io.min.js'), 'utf8')],
  '/simplepeer.min.js': ['text/javascript', readFileSync(join(ROOT, 'node_modules/simple-peer/simplepeer.min.js'), 'utf8')],
  '/harness.js': ['text/javascript', readFileSync(join(ROOT, 'test/support/viewerHarness.js'), 'utf8')],
};

/** The harness page's files by path (`/`, its scripts), for a test that serves them itself. */
export function harnessFiles(): Readonly<Record<string, readonly [contentType: string, body: string]>> {
  return FILES;
}

/** Serves the harness page on 127.0.0.1; its origin must be allowed by the RemoteAssist server. */
export async function startHarnessServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const file = FILES[req.url ?? '/'];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function openHarness(browser: Browser, origin: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${origin}/`);
  return page;
}
