import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXTENSION_CONSENT } from '../../shared/consent.js';
import { DiagnosticResult } from '../../shared/protocol/diagnosticResults.js';
import { DIAGNOSTIC_CHECK_IDS } from '../../shared/protocol/diagnostics.js';
import { consent, startAgent, type AgentProcess } from '../support/agentProcess.js';
import { launchChromium, openHarness, startHarnessServer } from '../support/browserViewer.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

// Real processes, a real browser and real WebRTC: minutes, not milliseconds, on a busy 2-core box.
vi.setConfig({ testTimeout: 60_000 });

let x: XDisplay;
let browser: Browser;
let harness: { origin: string; close(): Promise<void> };
const cleanup: Array<() => unknown> = [];

beforeAll(async () => {
  x = await startXvfb(1280, 720);
  harness = await startHarnessServer();
  browser = await launchChromium();
}, 60_000);
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await x?.stop();
});

interface Running {
  f: LiveFixture;
  page: Page;
  agent: AgentProcess;
  sessionId: number;
  caseId: number;
}

/** A server, the engineer watching in Chromium, and the agent consented and sharing. */
async function running(env: Record<string, string> = {}, display: XDisplay = x): Promise<Running> {
  const f = await startLiveServer(undefined, { RA_SUPPORTED_PLATFORMS: 'windows,linux', RA_ALLOWED_ORIGINS: harness.origin, ...env });
  cleanup.push(() => f.server.close());
  const caseId = await contactedCase(f);
  const { code, sessionId } = await openSession(f, caseId);
  const page = await openHarness(browser, harness.origin);
  cleanup.push(() => page.close());
  await page.evaluate(([url, token, id]) => (globalThis as any).harness.watch(url, token, id), [f.server.url, f.engineerToken, sessionId] as const);
  const agent = startAgent(['--server', f.server.url, '--lang', 'en', code], display.env);
  cleanup.push(() => agent.child.kill());
  await consent(agent);
  await agent.waitFor('Commands');
  await vi.waitFor(async () => expect(await page.evaluate(() => (globalThis as any).harness.connected)).toBe(true), { timeout: 15_000 });
  return { f, page, agent, sessionId, caseId };
}

const harnessMessages = (page: Page) => page.evaluate(() => (globalThis as any).harness.messages as any[]);
const send = (page: Page, message: unknown) => page.evaluate((m) => (globalThis as any).harness.send(m), message);
const ffmpegsOn = async (display: string) => (await x.exec('pgrep', ['-af', 'ffmpeg']).catch(() => '')).split('\n').filter((l) => l.includes(`-i ${display}+`));

describe('diagnostics', () => {
  it('run once by themselves after consent, and on the engineer’s request, with well-formed results on this machine', async () => {
    const r = await running();
    // The automatic run goes to the audit log (and so to the case).
    await vi.waitFor(async () => {
      const runs = (await r.f.staff.auditor.get(`/api/audit?sessionId=${r.sessionId}&action=session.diagnostic_run&limit=100`)).body.entries;
      expect(runs.filter((e: any) => e.details.automatic)).toHaveLength(DIAGNOSTIC_CHECK_IDS.length);
    }, { timeout: 30_000, interval: 500 });
    await send(r.page, { type: 'diagnostics', requestId: 'req-1', checks: ['pc_spec', 'disk_space', 'network', 'browsers'] });
    await vi.waitFor(async () => expect((await harnessMessages(r.page)).some((m) => m.type === 'diagnostics' && m.requestId === 'req-1')).toBe(true), { timeout: 30_000, interval: 300 });
    const reply = (await harnessMessages(r.page)).find((m) => m.requestId === 'req-1');
    const results = reply.results.map((result: unknown) => DiagnosticResult.parse(result));
    expect(results.map((res: DiagnosticResult) => res.check)).toEqual(['pc_spec', 'disk_space', 'network', 'browsers']);
    expect(results.every((res: DiagnosticResult) => res.status !== 'error' && res.items.length > 0)).toBe(true);
    const network = results.find((res: DiagnosticResult) => res.check === 'network')!;
    expect(network.items.map((i: { label: string }) => i.label)).toEqual(['Latency', 'Jitter', 'Loss', 'Download']);
    expect(network.summary).toMatch(/latency [\d.]+ ms, loss 0\.0 %, download [\d.]+ Mbit\/s/);
    expect(results.find((res: DiagnosticResult) => res.check === 'browsers')!.summary).toContain('Chromium');
    expect(r.agent.output()).toContain('The engineer ran 4 check(s)');
  }, 90_000);

  it('refuses anything but the fixed list', async () => {
    const r = await running();
    await send(r.page, { type: 'diagnostics', requestId: 'evil', checks: ['rm -rf /'] });
    await send(r.page, { type: 'exec', command: 'id' });
    await new Promise((res) => setTimeout(res, 1000));
    expect((await harnessMessages(r.page)).some((m) => m.requestId === 'evil')).toBe(false);
    const log = readFileSync(join(r.agent.logDir, readdirSync(r.agent.logDir)[0]!), 'utf8');
    expect(log).toContain('refused from viewer');
  });
});

describe('chat, extension and stopping', () => {
  it('carries chat both ways and logs it', async () => {
    const r = await running();
    await send(r.page, { type: 'chat', text: 'Please open the lecture page.' });
    await r.agent.waitFor('[HelpDesk] Please open the lecture page.');
    r.agent.type('c 열었어요');
    await vi.waitFor(async () => expect((await harnessMessages(r.page)).some((m) => m.type === 'chat' && m.text === '열었어요')).toBe(true), { timeout: 5000 });
    await vi.waitFor(async () => {
      const chats = (await r.f.staff.auditor.get(`/api/audit?sessionId=${r.sessionId}&action=session.chat`)).body.entries;
      expect(chats[0]).toMatchObject({ actor: { kind: 'agent' }, details: { text: '열었어요' } });
    });
  });

  it('asks the user about an extension at their terminal and extends on "yes"', async () => {
    const r = await running();
    const ack = await r.page.evaluate((id) => (globalThis as any).harness.socket.emitWithAck('session:extend', { sessionId: id, minutes: 15, reason: 'reinstalling the player' }), r.sessionId);
    expect(ack.ok).toBe(true);
    await r.agent.waitFor('asks to extend by 15 minutes (75 minutes in all)');
    await r.agent.waitFor(EXTENSION_CONSENT.en.split('\n')[0]!);
    await r.agent.waitFor('Type "yes"');
    r.agent.type('yes');
    await r.agent.waitFor('Type your name');
    r.agent.type('Lee Tester');
    await r.agent.waitFor('Extended. Time remaining: 75 min.');
    expect((await r.f.staff.engineer.get(`/api/sessions/${r.sessionId}`)).body.deadline.grantedMinutes).toBe(75);
  });

  it('lets the user stop at any moment; the engineer is told', async () => {
    const r = await running();
    const ended = r.page.evaluate(() => new Promise((resolve) => (globalThis as any).harness.socket.once('session:ended', resolve)));
    r.agent.type('q');
    expect(await r.agent.exited).toBe(0);
    expect(await ended).toMatchObject({ reason: 'user_stopped' });
    expect(r.agent.output()).toContain('You stopped the remote support.');
  });
});

describe('its own clock', () => {
  it('ends the session and tears down capture at the time limit even with the server gone', async () => {
    const r = await running({ RA_SESSION_DEFAULT_MINUTES: '0.15' }); // 9 seconds
    expect(await ffmpegsOn(x.display)).toHaveLength(1);
    await r.f.server.stop(); // the server is unreachable from now on
    await r.agent.waitFor('connection to the server was lost');
    expect(await r.agent.exited).toBe(0);
    expect(r.agent.output()).toContain('The time limit is reached.');
    expect(await ffmpegsOn(x.display)).toHaveLength(0);
    const log = readFileSync(join(r.agent.logDir, readdirSync(r.agent.logDir)[0]!), 'utf8');
    expect(log).toContain('own clock: time limit reached');
  }, 40_000);
});

describe('the picture', () => {
  it('lets the engineer switch monitors', async () => {
    await x.exec('xrandr', ['--setmonitor', 'LEFT', '640/1x720/1+0+0', 'none']);
    await x.exec('xrandr', ['--setmonitor', 'RIGHT', '640/1x720/1+640+0', 'none']);
    cleanup.push(async () => {
      await x.exec('xrandr', ['--delmonitor', 'LEFT']).catch(() => undefined);
      await x.exec('xrandr', ['--delmonitor', 'RIGHT']).catch(() => undefined);
    });
    const r = await running();
    await vi.waitFor(async () => expect((await harnessMessages(r.page)).some((m) => m.type === 'hello')).toBe(true));
    const hello = (await harnessMessages(r.page)).find((m) => m.type === 'hello');
    expect(hello.displays.map((d: any) => d.name)).toEqual(expect.arrayContaining(['LEFT', 'RIGHT']));
    const right = hello.displays.find((d: any) => d.name === 'RIGHT');
    await send(r.page, { type: 'monitor', displayId: right.id });
    await vi.waitFor(async () => expect((await harnessMessages(r.page)).some((m) => m.type === 'monitor' && m.displayId === right.id && m.width === 640)).toBe(true), { timeout: 10_000 });
    await vi.waitFor(async () => expect(await r.page.evaluate(() => (globalThis as any).harness.video().width)).toBe(640), { timeout: 10_000 });
    // Pointer coordinates now map into the right-hand monitor.
    await send(r.page, { type: 'control', action: 'request' });
    await vi.waitFor(async () => expect((await harnessMessages(r.page)).some((m) => m.type === 'control' && m.state === 'on')).toBe(true));
    await send(r.page, { type: 'pointer', action: 'move', x: 0.5, y: 0.5 });
    await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: 960, y: 360 }), { timeout: 5000 });
  });

  it('sends at most 1920×1080 from a larger screen', async () => {
    const big = await startXvfb(2560, 1440);
    cleanup.push(() => big.stop());
    const r = await running({}, big);
    await vi.waitFor(async () => expect(await r.page.evaluate(() => (globalThis as any).harness.video())).toMatchObject({ width: 1920, height: 1080 }), { timeout: 15_000 });
  });
});
