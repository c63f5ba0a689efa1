import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CaseDiagnostic } from '../../shared/protocol/diagnosticResults.js';
import { AGENT_VERSION, ensureAgentBuild, pieceFile } from '../support/agentBuild.js';
import { startAgentProgram, type AgentProcess } from '../support/agentProcess.js';
import { launchChromium, openHarness, startHarnessServer } from '../support/browserViewer.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 400_000 });

const run = promisify(execFile);
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const ORIGINALS = {
  'wrtc.node': pieceFile('roamhq-wrtc-linux-x64-0.10.0', 'wrtc.node'),
  'koffi.node': pieceFile('koromix-koffi-linux-x64-3.3.4', 'linux_x64/koffi.node'),
  ffmpeg: pieceFile('ffmpeg-installer-linux-x64-4.1.0', 'ffmpeg'),
};

let binary: string;
let cache: string;
let carriedDir: string;

beforeAll(async () => {
  binary = await ensureAgentBuild('linux-x64');
  cache = mkdtempSync(join(tmpdir(), 'ra-xdg-cache-'));
  carriedDir = join(cache, 'remote-assist', AGENT_VERSION);
});

afterAll(() => {
  rmSync(cache, { recursive: true, force: true });
});

async function timedStart(): Promise<number> {
  const t0 = performance.now();
  const { stdout } = await run(binary, ['--help'], { env: { ...process.env, XDG_CACHE_HOME: cache } });
  expect(stdout).toContain('Usage: remote-assist-agent');
  return performance.now() - t0;
}

describe('the Linux single-file agent', () => {
  it('unpacks its carried files once into $XDG_CACHE_HOME/remote-assist/<version>, byte for byte the pinned ones', async () => {
    const first = await timedStart();
    for (const [name, original] of Object.entries(ORIGINALS)) expect(sha256(join(carriedDir, name)), name).toBe(sha256(original));
    const later = await timedStart();
    console.log(`linux binary: first start ${first.toFixed(0)} ms (unpacking), later start ${later.toFixed(0)} ms`);
    expect(readdirSync(carriedDir).sort()).toEqual(Object.keys(ORIGINALS).sort());
  });

  it('replaces a tampered carried file before using it', async () => {
    writeFileSync(join(carriedDir, 'ffmpeg'), '#!/bin/sh\necho not ffmpeg\n');
    await timedStart();
    expect(sha256(join(carriedDir, 'ffmpeg'))).toBe(sha256(ORIGINALS.ffmpeg));
  });
});

describe('a session with the Linux single-file agent, in its loopback page', () => {
  let x: XDisplay;
  let f: LiveFixture;
  let browser: Browser;
  let page: Page;
  let ui: Page;
  let harness: { origin: string; close(): Promise<void> };
  let agent: AgentProcess;
  let caseId: number;
  let sessionId: number;
  let code: string;

  beforeAll(async () => {
    x = await startXvfb(1280, 720);
    harness = await startHarnessServer();
    f = await startLiveServer(undefined, { RA_SUPPORTED_PLATFORMS: 'linux', RA_ALLOWED_ORIGINS: harness.origin });
    browser = await launchChromium();
    page = await openHarness(browser, harness.origin);
    caseId = await contactedCase(f);
    const opened = await openSession(f, caseId);
    ({ sessionId, code } = opened);
    await page.evaluate(([url, token, id]) => (globalThis as any).harness.watch(url, token, id), [f.server.url, f.engineerToken, opened.sessionId] as const);
    writeFileSync(join(carriedDir, 'wrtc.node'), 'tampered');
    // No code on the command line; the page in Chromium stands in for the user's default browser.
    agent = startAgentProgram([binary], ['--server', f.server.url, '--lang', 'en', '--no-browser'], { ...x.env, XDG_CACHE_HOME: cache });
    ui = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await ui.goto(await pageAddress(agent));
  });

  afterAll(async () => {
    agent?.child.kill();
    await browser?.close();
    await harness?.close();
    await f?.server.close();
    await x?.stop();
  });

  const video = () => page.evaluate(() => (globalThis as any).harness.video());
  const sample = (px: number, py: number, w: number, h: number) => page.evaluate(([a, b, c, d]) => (globalThis as any).harness.sample(a, b, c, d), [px, py, w, h] as const);
  const send = (message: unknown) => page.evaluate((m) => (globalThis as any).harness.send(m), message);
  const controlMessages = async () => (await page.evaluate(() => (globalThis as any).harness.messages as any[])).filter((m) => m.type === 'control');
  const dialog = (name: RegExp) => ui.getByRole('dialog', { name });

  it('asks for the code in its page, again after a wrong one; the code typed there joins the session', async () => {
    const window = dialog(/^RemoteAssist Support$/);
    const field = window.getByRole('textbox', { name: '9-digit code' });
    // A wrong code is refused by the server and asked again on the same page.
    await field.pressSequentially(code === '111222333' ? '444555666' : '111222333');
    await window.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => window.textContent(), { timeout: 10_000 }).toContain('This code is not valid');
    await field.fill('');
    await field.pressSequentially(code);
    await window.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => dialog(/Remote support request/).count(), { timeout: 30_000 }).toBe(1);
  });

  it('is consented by a real click on Accept after the name is typed', async () => {
    const consent = dialog(/Remote support request/);
    await expect.poll(() => consent.textContent()).toContain('asks to connect to this PC');
    await consent.getByRole('textbox', { name: 'Your name (your signature)' }).pressSequentially('Lee Binary');
    const accept = consent.getByRole('button', { name: 'Accept' });
    await expect.poll(() => accept.isEnabled(), { timeout: 5000 }).toBe(true);
    await accept.click();
    await expect.poll(() => dialog(/remote support$/).count(), { timeout: 30_000 }).toBe(1);
    expect((await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body).toMatchObject({ status: 'active' });
  });

  it('loaded the WebRTC addon it had to unpack again', () => {
    const log = readdirSync(agent.logDir).map((name) => readFileSync(join(agent.logDir, name), 'utf8')).join('\n');
    expect(log).toMatch(/program file\s+wrtc\.node replaced/);
    expect(log).toMatch(/user interface\s+windows \(loopback page\)/);
    expect(sha256(join(carriedDir, 'wrtc.node'))).toBe(sha256(ORIGINALS['wrtc.node']));
  });

  it('captures with its own ffmpeg, and the video shows what is drawn on the display', async () => {
    await vi.waitFor(async () => expect((await video()).decoded).toBeGreaterThan(5), { timeout: 20_000, interval: 300 });
    expect(await video()).toMatchObject({ width: 1280, height: 720 });
    const { stdout } = await run('ps', ['-o', 'args=', '--ppid', String(agent.child.pid)]);
    // The carried ffmpeg, not one from PATH, grabbing the X display.
    expect(stdout).toContain(`${join(carriedDir, 'ffmpeg')} -loglevel error -nostdin `);
    expect(stdout).toContain(' -f x11grab ');
    const before = await sample(500, 300, 100, 80);
    expect(before.r + before.g + before.b).toBeLessThan(60);
    x.spawn('xev', ['-geometry', '400x300+400+200']);
    await vi.waitFor(async () => {
      const after = await sample(500, 300, 100, 80);
      expect(after.r + after.g + after.b).toBeGreaterThan(600);
    }, { timeout: 10_000, interval: 200 });
  });

  it('moves the X pointer where the engineer points, until Pause is clicked in the page', async () => {
    await send({ type: 'control', action: 'request' });
    await vi.waitFor(async () => expect((await controlMessages()).some((m) => m.state === 'on')).toBe(true), { timeout: 10_000 });
    await send({ type: 'pointer', action: 'move', x: 0.25, y: 0.5 });
    await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: 320, y: 360 }), { timeout: 5000 });
    const panel = dialog(/remote support$/);
    await panel.getByRole('button', { name: 'Pause control' }).click();
    await vi.waitFor(async () => expect((await controlMessages()).at(-1)).toMatchObject({ state: 'paused', by: 'user' }), { timeout: 10_000 });
    await send({ type: 'pointer', action: 'move', x: 0.75, y: 0.25 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await x.pointer()).toEqual({ x: 320, y: 360 });
    await panel.getByRole('button', { name: 'Resume' }).click();
    await vi.waitFor(async () => expect((await controlMessages()).at(-1)).toMatchObject({ state: 'on', by: 'user' }), { timeout: 10_000 });
  });

  it("holds remote control while it asks for an extension: the engineer's pointer cannot reach the question", async () => {
    const ack = await page.evaluate((id) => (globalThis as any).harness.socket.emitWithAck('session:extend', { sessionId: id, minutes: 15, reason: 'reinstalling the player' }), sessionId);
    expect(ack.ok).toBe(true);
    const extension = dialog(/The engineer asks for more time/);
    await expect.poll(() => extension.count(), { timeout: 10_000 }).toBe(1);
    await vi.waitFor(async () => expect((await controlMessages()).at(-1)).toMatchObject({ state: 'paused', by: 'agent' }), { timeout: 10_000 });
    // An injected X click on the browser could not be told from the user's: none is made.
    await send({ type: 'pointer', action: 'down', x: 0.5, y: 0.5, button: 'left' });
    await send({ type: 'pointer', action: 'up', x: 0.5, y: 0.5, button: 'left' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await x.pointer()).toEqual({ x: 320, y: 360 });
    await extension.getByRole('textbox', { name: 'Your name (your signature)' }).pressSequentially('Lee Binary');
    const accept = extension.getByRole('button', { name: 'Accept' });
    await expect.poll(() => accept.isEnabled(), { timeout: 5000 }).toBe(true);
    await accept.click();
    await vi.waitFor(async () => expect((await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body.deadline.grantedMinutes).toBe(75), { timeout: 10_000 });
    await vi.waitFor(async () => expect((await controlMessages()).at(-1)).toMatchObject({ state: 'on', by: 'agent' }), { timeout: 10_000 });
    await send({ type: 'pointer', action: 'move', x: 0.5, y: 0.5 });
    await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: 640, y: 360 }), { timeout: 5000 });
  });

  it('reports its diagnostics, well-formed', async () => {
    let diagnostics: CaseDiagnostic[] = [];
    await vi.waitFor(async () => {
      diagnostics = (await f.staff.engineer.get(`/api/cases/${caseId}/diagnostics`)).body;
      expect(diagnostics.length).toBe(8);
    }, { timeout: 60_000, interval: 1000 });
    for (const d of diagnostics) expect(() => CaseDiagnostic.parse(d), d.check).not.toThrow();
    expect(diagnostics.find((d) => d.check === 'network')?.status).not.toBe('error');
  });

  it('stops when Stop is clicked; the page says why, and the agent exits 0 once it is closed', async () => {
    const ended = page.evaluate(() => new Promise((resolve) => (globalThis as any).harness.socket.once('session:ended', resolve)));
    await dialog(/remote support$/).getByRole('button', { name: 'Stop' }).click();
    expect(await ended).toMatchObject({ reason: 'user_stopped' });
    const end = dialog(/^RemoteAssist Support$/);
    await expect.poll(() => end.textContent(), { timeout: 10_000 }).toContain('You stopped the remote support.');
    await end.getByRole('button', { name: 'Close' }).click();
    expect(await agent.exited).toBe(0);
  });
});

/** The one-time address of the agent's page, which it prints for a user whose browser did not open. */
async function pageAddress(agent: AgentProcess): Promise<string> {
  await agent.waitFor(/open http:\/\/127\.0\.0\.1:\d+\/\S+\/ in your browser/, 30_000);
  return /open (http:\/\/127\.0\.0\.1:\d+\/\S+\/) in your browser/.exec(agent.output())![1]!;
}
