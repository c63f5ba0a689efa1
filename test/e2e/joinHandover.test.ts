import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatJoinCode } from '../../shared/protocol/session.js';
import { joinAndConsent, openJoinPage, type JoinPage, type JoinPageOptions } from '../support/joinPage.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets, connectAgent, emit, windowsDevice } from '../support/realtime.js';
import { webBrowser } from '../support/web.js';

/*
 * "Let the engineer control my PC" on the join page, in headless Chromium on Linux. The server
 * allows Linux PCs and lists a Linux agent build from its builds folder. The file there stands in
 * for the real single-file build (which takes minutes to make: test/agent/linuxBinary.test.ts
 * builds and runs it): the page only lists it, links it and shows its SHA-256.
 */

const WAIT = { timeout: 20_000, interval: 250 };
vi.setConfig({ testTimeout: 90_000 });

const BUILD = 'RemoteAssist-Support-0.1.0-linux-x64';
const BUILD_BYTES = Buffer.from('a stand-in for the agent build\n');
let buildsDir: string;
let f: LiveFixture;
let browser: Browser;
const opened: JoinPage[] = [];

beforeAll(async () => {
  buildsDir = mkdtempSync(join(tmpdir(), 'ra-builds-'));
  writeFileSync(join(buildsDir, BUILD), BUILD_BYTES);
  [f, browser] = await Promise.all([startLiveServer(undefined, { RA_SUPPORTED_PLATFORMS: 'windows,linux,android,ios', RA_AGENT_BUILDS_DIR: buildsDir }), webBrowser()]);
}, 60_000);

afterEach(async () => {
  for (const p of opened.splice(0)) await p.context.close();
  closeSockets();
});

afterAll(async () => {
  await browser?.close();
  await f?.server.close();
  rmSync(buildsDir, { recursive: true, force: true });
});

async function joined(options: JoinPageOptions = {}) {
  const { sessionId, code } = await openSession(f, await contactedCase(f));
  const user = await openJoinPage(browser, f.server, options);
  opened.push(user);
  await joinAndConsent(user.page, code);
  return { sessionId, code, user };
}

describe('handing over to the agent program', () => {
  it('offers this system’s agent build with its SHA-256 and the same code, and the program joins with that code', async () => {
    const { sessionId, code, user } = await joined();
    await user.page.getByRole('button', { name: 'Let the engineer control my PC' }).click();
    const offer = user.page.getByTestId('control-offer');
    await offer.waitFor();
    const link = user.page.getByTestId('agent-download');
    await link.waitFor();
    expect(await link.textContent()).toBe('1. Download the program for Linux');
    expect(await link.getAttribute('href')).toBe(`/download/${BUILD}`);
    expect(await offer.textContent()).toContain(createHash('sha256').update(BUILD_BYTES).digest('hex').slice(0, 16));
    expect(await offer.textContent()).toContain(`2. Run it and type the same code: ${formatJoinCode(code)}`);

    await user.page.getByRole('button', { name: 'Continue in the program' }).click();
    await user.page.getByTestId('handed-over').waitFor();
    expect(await user.page.getByTestId('handed-over').textContent()).toMatch(new RegExp(`^Run the program now and type ${formatJoinCode(code)}\\. The code works for \\d+ minutes\\.$`));
    await vi.waitFor(async () => expect((await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body).toMatchObject({ status: 'ended', endReason: 'user_stopped' }), WAIT);

    // The program, here a plain socket, joins the new session with the code the user already has.
    const { agent, welcome } = await connectAgent(f.server.url, { joinCode: code });
    expect(welcome.sessionId).not.toBe(sessionId);
    const hello = await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: '0.1.0' });
    expect(hello.ok).toBe(true);
    expect(hello.consent.capabilities).toContain('control_input');
    expect(user.problems).toEqual([]);
  });

  it('says why remote control is not offered to a system outside the support policy, and offers no download', async () => {
    const { user } = await joined({
      // A Mac: outside this HelpDesk's policy (Windows, Linux, phones). CDP sets the browser's own Client Hints.
      beforeOpen: async (page) => {
        const cdp = await page.context().newCDPSession(page);
        const brands = [{ brand: 'Google Chrome', version: '131.0.0.0' }];
        await cdp.send('Emulation.setUserAgentOverride', {
          userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
          userAgentMetadata: { brands, fullVersionList: brands, platform: 'macOS', platformVersion: '14.5.0', architecture: 'arm', model: '', mobile: false },
        });
      },
    });
    await user.page.getByRole('button', { name: 'Let the engineer control my PC' }).click();
    const refusal = user.page.getByTestId('control-not-offered');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('Remote control is not offered for this system (the HelpDesk supports Windows PCs). The engineer helps you with the check and the chat.');
    expect(await user.page.getByTestId('agent-download').count()).toBe(0);
    expect(await user.page.getByRole('button', { name: 'Continue in the program' }).count()).toBe(0);
    // The check and the share stay open to it: the policy gates remote control only.
    expect(await user.page.getByRole('button', { name: 'Check video playback' }).isEnabled()).toBe(true);
    expect(await user.page.getByRole('button', { name: 'Share my screen (view only)' }).count()).toBe(1);
  });
});
