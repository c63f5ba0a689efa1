import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { peSubsystem } from '../../agent/build/pe.js';
import { CaseDiagnostic } from '../../shared/protocol/diagnosticResults.js';
import { AGENT_VERSION, ensureAgentBuild, pieceFile } from '../support/agentBuild.js';
import { launchChromium, openHarness, startHarnessServer } from '../support/browserViewer.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { centre, createWinePrefix, type Desktop, ensureWindowsFolder, openDesktop, type WinePrefix, type WineProgram } from '../support/wine.js';
import { SCREENSHOTS } from '../support/web.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

/**
 * The built Windows executable under Wine on an Xvfb display, used as the end user uses it: no
 * console, its own windows found by title and accessible name (the probe, another Windows
 * program), the code typed and Accept clicked with real X input; the engineer in Chromium.
 */
// Wine is slow to start and shares two cores with other tests: generous limits, one prefix.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 400_000 });

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const ORIGINALS = {
  'wrtc.node': pieceFile('roamhq-wrtc-win32-x64-0.10.0', 'wrtc.node'),
  'koffi.node': pieceFile('koromix-koffi-win32-x64-3.3.4', 'win32_x64/koffi.node'),
  'ffmpeg.exe': pieceFile('ffmpeg-installer-win32-x64-4.1.0', 'ffmpeg.exe'),
};
const CODE_WINDOW = /^RemoteAssist Support$/;
const CONSENT_WINDOW = /Remote support request/;
const PANEL = /remote support$/;
const EXTENSION_WINDOW = /The engineer asks for more time/;

let x: XDisplay;
let wine: WinePrefix;
let exe: string;
let carriedDir: string;
let desktop: Awaited<ReturnType<typeof openDesktop>>;
let desk: Desktop;
let harness: { origin: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  x = await startXvfb(1280, 720);
  [exe, wine] = await Promise.all([ensureAgentBuild('win-x64'), createWinePrefix(x)]);
  carriedDir = join(wine.localAppData, 'RemoteAssist', AGENT_VERSION);
  desktop = await openDesktop(wine, x, 'exe-test');
  desk = desktop.desk;
  harness = await startHarnessServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await desktop?.close();
  await wine?.stop();
  await x?.stop();
});

async function timedStart(): Promise<number> {
  const t0 = performance.now();
  const result = await wine.run(exe, ['--help']);
  expect(result.output).toContain('Usage: remote-assist-agent');
  expect(result.code).toBe(0);
  return performance.now() - t0;
}

/** Each step bounded, so a stuck one says which it was (with the agent's log) before the test's own limit. */
function within<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const logOf = (dir: string) => readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the Windows executable under Wine', () => {
  it('is a GUI-subsystem program, so a double-click opens no console window, and Node still runs in it', async () => {
    expect(peSubsystem(readFileSync(exe))).toBe('gui');
    expect(existsSync(carriedDir)).toBe(false);
    const first = await timedStart();
    const later = await timedStart();
    console.log(`windows exe: first start ${first.toFixed(0)} ms (unpacking), later start ${later.toFixed(0)} ms`);
  });

  it('writes nothing it cannot: with stdout and stderr that Node cannot open, it still runs and exits 0', async () => {
    expect(await wine.run(exe, ['--help'], { pipes: true })).toMatchObject({ code: 0 });
  });

  it('unpacks its carried files once into %LOCALAPPDATA%\\RemoteAssist\\<version>, byte for byte the pinned ones', () => {
    for (const [name, original] of Object.entries(ORIGINALS)) expect(sha256(join(carriedDir, name)), name).toBe(sha256(original));
    expect(readdirSync(carriedDir).sort()).toEqual(Object.keys(ORIGINALS).sort());
  });

  it('replaces a tampered carried file before loading it', async () => {
    const wrtc = join(carriedDir, 'wrtc.node');
    const bytes = readFileSync(wrtc);
    const middle = bytes.length >> 1;
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle); // one flipped byte in the middle of the addon
    writeFileSync(wrtc, bytes);
    writeFileSync(join(carriedDir, 'ffmpeg.exe'), 'not ffmpeg');
    await timedStart();
    expect(sha256(wrtc)).toBe(sha256(ORIGINALS['wrtc.node']));
    expect(sha256(join(carriedDir, 'ffmpeg.exe'))).toBe(sha256(ORIGINALS['ffmpeg.exe']));
  });
});

/** The engineer's side: a server, a case, a session opened and watched in Chromium. */
async function engineerWatching(f: LiveFixture): Promise<{ page: Page; caseId: number; sessionId: number; code: string }> {
  const page = await openHarness(browser, harness.origin);
  const caseId = await contactedCase(f);
  const opened = await openSession(f, caseId);
  await page.evaluate(([url, token, id]) => (globalThis as any).harness.watch(url, token, id), [f.server.url, f.engineerToken, opened.sessionId] as const);
  return { page, caseId, sessionId: opened.sessionId, code: opened.code };
}

/** Types a name and clicks Accept in the consent window, as the user does. */
async function acceptConsent(name: string): Promise<void> {
  const consent = await desk.window(CONSENT_WINDOW, 90_000);
  await desk.typeInto(consent, 'Your name (your signature)', name);
  await desk.press(consent, 'Accept');
  await desk.gone(CONSENT_WINDOW);
}

/** Reads the end window, then closes it as the user does; resolves with its text. */
async function closeEndWindow(shot?: string): Promise<string> {
  const ended = await desk.window(CODE_WINDOW, 60_000);
  const text = await desk.texts(ended);
  if (shot) await desk.shot(shot, ended);
  await desk.pressToClose(ended, 'Close');
  return text;
}

describe('a session with the Windows executable, in its own windows', () => {
  let f: LiveFixture;
  let page: Page;
  let caseId: number;
  let sessionId: number;
  let code: string;
  let agent: WineProgram;
  const logDir = () => wine.linuxPath('C:\\ralogs');

  beforeAll(async () => {
    f = await startLiveServer(undefined, { RA_SUPPORTED_PLATFORMS: 'windows', RA_ALLOWED_ORIGINS: harness.origin });
    ({ page, caseId, sessionId, code } = await engineerWatching(f));
    // A stand-in P2P client: Wine's ping (no window, runs for minutes) under a torrent client's name.
    const fakeP2P = join(ensureWindowsFolder(wine, 'C:\\tools'), 'utorrent.exe');
    copyFileSync(wine.linuxPath('C:\\windows\\system32\\ping.exe'), fakeP2P);
    wine.start('C:\\tools\\utorrent.exe', ['-n', '600', '127.0.0.1']);
    writeFileSync(join(carriedDir, 'koffi.node'), 'tampered');
    // As a double-click starts it: no code on the command line, no console.
    // Its stdio on pipes Node cannot open under Wine: any write the agent did not guard would crash it.
    agent = wine.start(exe, ['--server', f.server.url, '--lang', 'en', '--log-dir', 'C:\\ralogs'], {}, { pipes: true });
  });

  afterAll(async () => {
    agent?.child.kill('SIGKILL');
    await page?.close();
    await f?.server.close();
  });

  const harnessMessages = () => page.evaluate(() => (globalThis as any).harness.messages as any[]);
  const send = (message: unknown) => page.evaluate((m) => (globalThis as any).harness.send(m), message);
  const video = () => page.evaluate(() => (globalThis as any).harness.video());
  const pointer = (action: 'move' | 'down' | 'up', nx: number, ny: number) => send({ type: 'pointer', action, x: nx, y: ny, ...(action === 'move' ? {} : { button: 'left' }) });
  const controlMessages = async () => (await harnessMessages()).filter((m) => m.type === 'control');
  /** Mean brightness (r+g+b) of each cell of an 8×6 grid over the 1280×720 frame. */
  const grid = () =>
    page.evaluate(async () => {
      const cells: number[] = [];
      for (let gy = 0; gy < 6; gy++) for (let gx = 0; gx < 8; gx++) {
        const s = await (globalThis as any).harness.sample(gx * 160, gy * 120, 160, 120);
        cells.push(s.r + s.g + s.b);
      }
      return cells;
    });

  it('asks for the code in its own window, again after a wrong one; the code typed there joins the session', async () => {
    const window = await desk.window(CODE_WINDOW, 120_000).catch((error: unknown) => {
      console.log(agent.output(), existsSync(logDir()) ? logOf(logDir()) : 'no log');
      throw error;
    });
    await desk.shot('exe-code-en', window);
    // A wrong code is refused by the server and asked again in the same window.
    await desk.typeInto(window, '9-digit code', code === '111222333' ? '444555666' : '111222333');
    await desk.press(window, 'Connect');
    await vi.waitFor(async () => expect(await desk.texts(window)).toContain('This code is not valid'), { timeout: 30_000 });
    await desk.typeInto(window, '9-digit code', code);
    await desk.press(window, 'Connect');
    await desk.window(CONSENT_WINDOW, 90_000);
    expect(logOf(logDir())).toMatch(/joined\s+session \d+/);
  });

  it('shows who asks, what they may do and the consent text; a real click on Accept consents', async () => {
    const consent = await desk.window(CONSENT_WINDOW);
    const text = await desk.texts(consent);
    expect(text).toContain('Case: ');
    expect(text).toMatch(/asks to connect to this PC/);
    expect(text).toContain('Time limit: ');
    await desk.typeInto(consent, 'Your name (your signature)', 'Kim Wine');
    await desk.shot('exe-consent-en', consent);
    await desk.press(consent, 'Accept');
    await desk.window(PANEL, 60_000);
    expect((await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body).toMatchObject({ status: 'active' });
    const log = logOf(logDir());
    expect(log).toMatch(/program file\s+koffi\.node replaced/);
    expect(log).toMatch(/program file\s+wrtc\.node verified/);
    expect(log).toMatch(/user interface\s+windows \(Win32\)/);
    // DPI-aware before measuring; the monitor from user32; ffmpeg 4.1 has gdigrab, no ddagrab.
    expect(log).toMatch(/capture\s+gdigrab \(DPI: per-monitor(-v2)?\): \\\\\.\\DISPLAY1 1280×720 \(primary\)/);
  });

  it("reports the device from Windows' own sources, without PowerShell (Wine has none)", async () => {
    const session = (await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body;
    expect(session.device.platform).toBe('windows');
    expect(session.device.displays).toEqual([{ id: '0', width: 1280, height: 720, primary: true }]);
    expect(session.device.osName).toMatch(/Windows 10/);
    expect(session.device.osRelease).toMatch(/^10\.0\.\d+$/);
    // Wine fills the processor's registry key and the memory figures from this machine's own.
    expect(session.device.cpu.brand).toBe(cpus()[0]!.model.trim());
    expect(session.device.cpu.cores).toBe(cpus().length);
    expect(Math.abs(session.device.memoryBytes - totalmem()) / totalmem()).toBeLessThan(0.05);
    expect(session.device.disks.map((d: { mount: string }) => d.mount)).toContain('C:\\');
    expect(session.device.gpus.length).toBeGreaterThan(0);
    // The version the build took from package.json, on record with the device.
    const accepted = (await f.staff.auditor.get(`/api/audit?sessionId=${sessionId}&action=session.device_accepted`)).body.entries;
    expect(accepted[0].details).toMatchObject({ platform: 'windows', agentVersion: AGENT_VERSION });
  });

  it('sends the Wine desktop as video, whose pixels change when notepad draws; ffmpeg opens no console window', async () => {
    await vi.waitFor(async () => expect((await video()).decoded).toBeGreaterThan(5), { timeout: 60_000, interval: 500 }).catch((e: unknown) => {
      console.log(agent.output(), logOf(logDir()));
      throw e;
    });
    expect(await video()).toMatchObject({ width: 1280, height: 720 });
    // A console program started by a program without a console gets a console window of its own
    // unless it is asked not to: it would cover the user's desktop (and take the engineer's clicks).
    expect((await desk.windows()).map((w) => w.text).filter((t) => /ffmpeg/i.test(t))).toEqual([]);
    const before = await grid();
    wine.start('notepad');
    const notepad = await desk.window(/Notepad/, 30_000);
    await desk.probe.call('moveWindow', { hwnd: notepad.hwnd, x: 40, y: 40, width: 640, height: 400 });
    await vi.waitFor(async () => {
      const after = await grid();
      // Notepad's white edit area covers whole cells that were dark.
      expect(Math.max(...after.map((v, i) => v - before[i]!))).toBeGreaterThan(500);
    }, { timeout: 60_000, interval: 500 });
    await page.locator('video').screenshot({ path: join(SCREENSHOTS, 'windows-agent-video-under-wine.png') });
  });

  it("moves the X pointer where the engineer points; the engineer's click and text reach notepad", async () => {
    await send({ type: 'control', action: 'request' });
    await vi.waitFor(async () => expect((await controlMessages()).some((m) => m.state === 'on')).toBe(true), { timeout: 10_000 });
    await pointer('move', 0.25, 0.5);
    await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: 320, y: 360 }), { timeout: 10_000 });
    const notepad = await desk.window(/Notepad/);
    const edit = (await desk.controls(notepad)).find((c) => c.cls.toLowerCase() === 'edit')!;
    const at = centre(edit.rect);
    await pointer('down', at.x / 1280, at.y / 720);
    await pointer('up', at.x / 1280, at.y / 720);
    await send({ type: 'text', text: 'Typed by the engineer 안녕' });
    await vi.waitFor(async () => expect(await desk.text(edit)).toBe('Typed by the engineer 안녕'), { timeout: 15_000 });
  });

  it('Pause, clicked in the always-on-top panel, blocks input until Resume', async () => {
    const panel = await desk.window(PANEL);
    expect(panel.topmost).toBe(true);
    expect(await desk.texts(panel)).toMatch(/Time left: \d+:\d\d/);
    await desk.press(panel, 'Pause control');
    await vi.waitFor(async () => expect((await controlMessages()).some((m) => m.state === 'paused' && m.by === 'user')).toBe(true), { timeout: 10_000 });
    const held = await x.pointer();
    await pointer('move', 0.75, 0.2);
    await pause(1500);
    expect(await x.pointer()).toEqual(held);
    await desk.press(await desk.window(PANEL), 'Resume');
    await vi.waitFor(async () => expect((await controlMessages()).at(-1)).toMatchObject({ state: 'on', by: 'user' }), { timeout: 10_000 });
    await pointer('move', 0.75, 0.2);
    await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: 960, y: 144 }), { timeout: 10_000 });
  });

  it("reports the Windows diagnostics, well-formed, with an error where Wine lacks a source", async () => {
    let diagnostics: CaseDiagnostic[] = [];
    await vi.waitFor(async () => {
      diagnostics = (await f.staff.engineer.get(`/api/cases/${caseId}/diagnostics`)).body;
      expect(diagnostics.length).toBeGreaterThanOrEqual(8);
    }, { timeout: 90_000, interval: 1000 });
    for (const d of diagnostics) expect(() => CaseDiagnostic.parse(d), d.check).not.toThrow();
    const by = (check: string) => diagnostics.find((d) => d.check === check)!;
    expect(diagnostics.map((d) => d.check).sort()).toEqual(['browser_temp', 'browsers', 'disk_space', 'network', 'os_updates', 'pc_spec', 'player_runtime', 'processes']);
    // The PC specification from the registry and GlobalMemoryStatusEx, not PowerShell.
    expect(by('pc_spec').items[0]).toMatchObject({ label: 'CPU', value: `${cpus()[0]!.model.trim()}, ${cpus().length} cores` });
    // Toolhelp sees every Windows process; the renamed one is flagged as a P2P client.
    expect(by('processes')).toMatchObject({ status: 'warn', summary: 'P2P running: utorrent.exe' });
    // Wine keeps no servicing-stack package list: a clear error, the version still read.
    expect(by('os_updates')).toMatchObject({ status: 'error', summary: expect.stringContaining('Component Based Servicing\\Packages is missing') });
    expect(by('os_updates').items.map((i) => i.label)).toEqual(['Operating system', 'Build']);
    // No Visual C++ runtime is registered in a fresh prefix: a finding, not an error.
    expect(by('player_runtime').status).toBe('fail');
    expect(by('browsers').items.some((i) => /iexplore/i.test(i.label + i.value))).toBe(true);
    expect(by('disk_space').items[0]?.label).toBe('Free on C:\\');
    expect(by('browser_temp').items.at(-1)?.value).toMatch(/^C:\\ \(fixed/);
    expect(by('network').status).not.toBe('error');
  });

  it("asks for an extension in its own window, holding remote control: the engineer's pointer cannot accept it, the user's click can", async () => {
    const ack = await page.evaluate((id) => (globalThis as any).harness.socket.emitWithAck('session:extend', { sessionId: id, minutes: 15, reason: 'reinstalling the player' }), sessionId);
    expect(ack.ok).toBe(true);
    const window = await desk.window(EXTENSION_WINDOW, 30_000);
    expect(window.topmost).toBe(true);
    await vi.waitFor(async () => expect((await controlMessages()).at(-1)).toMatchObject({ state: 'paused', by: 'agent' }), { timeout: 10_000 });
    await desk.typeInto(window, 'Your name (your signature)', 'Kim Wine');
    const accept = await desk.control(window, 'Accept', 'button');
    await vi.waitFor(async () => expect(await desk.enabled(window, 'Accept')).toBe(true));
    // The engineer aims at Accept and clicks: nothing reaches the desktop while the question is open.
    const before = await x.pointer();
    const at = centre(accept.rect);
    await pointer('move', at.x / 1280, at.y / 720);
    await pointer('down', at.x / 1280, at.y / 720);
    await pointer('up', at.x / 1280, at.y / 720);
    await pause(2000);
    expect(await x.pointer()).toEqual(before);
    expect((await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body.deadline.grantedMinutes).toBe(60);
    await desk.shot('exe-extension-en', window);
    await desk.click(accept);
    await desk.gone(EXTENSION_WINDOW);
    await vi.waitFor(async () => expect((await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body.deadline.grantedMinutes).toBe(75), { timeout: 10_000 });
    await vi.waitFor(async () => expect((await controlMessages()).at(-1)).toMatchObject({ state: 'on', by: 'agent' }), { timeout: 10_000 });
    expect(logOf(logDir())).toMatch(/input held\s+pointer not applied/);
  });

  it('Stop, clicked in the panel, ends the session as user_stopped; the end window says why', async () => {
    const ended = page.evaluate(() => new Promise((resolve) => (globalThis as any).harness.socket.once('session:ended', resolve)));
    await desk.shot('exe-panel-en', await desk.window(PANEL));
    await desk.press(await desk.window(PANEL), 'Stop');
    try {
      expect(await within('session:ended at the engineer', ended, 30_000)).toMatchObject({ reason: 'user_stopped' });
      expect(await within('the end window', closeEndWindow('exe-ended-en'), 70_000)).toContain('You stopped the remote support.');
      expect(await within('the agent exiting', agent.exited, 20_000)).toBe(0);
    } catch (error) {
      console.log(logOf(logDir()), (await desk.windows()).map((w) => w.text).join(' | '));
      throw error;
    }
    expect((await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body).toMatchObject({ status: 'ended', endReason: 'user_stopped' });
  });

  it('Decline sends nothing: no signal, no video; the server records the decline', async () => {
    const other = await engineerWatching(f);
    const declining = wine.start(exe, ['--server', f.server.url, '--lang', 'en', '--log-dir', 'C:\\ralogs', other.code]);
    try {
      const consent = await desk.window(CONSENT_WINDOW, 90_000);
      await desk.press(consent, 'Decline');
      expect(await within('the end window', closeEndWindow(), 70_000)).toContain('You declined. Nothing was shared.');
      expect(await within('the agent exiting', declining.exited, 20_000)).toBe(6);
    } catch (error) {
      console.log(declining.output(), logOf(logDir()), (await desk.windows()).map((w) => `${w.text} ${JSON.stringify(w.rect)}`).join(' | '));
      throw error;
    } finally {
      // Its windows must not outlive this test (the next one looks for an end window too).
      declining.child.kill('SIGKILL');
    }
    expect((await f.staff.engineer.get(`/api/sessions/${other.sessionId}`)).body).toMatchObject({ status: 'ended', endReason: 'user_declined' });
    await pause(1000);
    expect(await other.page.evaluate(() => ({ peer: (globalThis as any).harness.peer, decoded: (globalThis as any).harness.video().decoded }))).toEqual({ peer: null, decoded: 0 });
    await other.page.close();
  });
});

describe("the Windows executable's own clock", () => {
  it('ends the session at the time limit with the server stopped, and says so', async () => {
    const f = await startLiveServer(undefined, { RA_SUPPORTED_PLATFORMS: 'windows', RA_ALLOWED_ORIGINS: harness.origin, RA_SESSION_DEFAULT_MINUTES: '0.4' });
    const { page, code } = await engineerWatching(f);
    const logs = wine.linuxPath('C:\\ralogs-clock');
    const agent = wine.start(exe, ['--server', f.server.url, '--lang', 'en', '--log-dir', 'C:\\ralogs-clock', code]);
    try {
      await acceptConsent('Kim Wine');
      await desk.window(PANEL, 60_000);
      await within('stopping the server', f.server.stop(), 20_000); // the server is unreachable from now on
      expect(await within('the end window', closeEndWindow(), 70_000)).toContain('The time limit is reached.');
      expect(await within('the agent exiting', agent.exited, 20_000)).toBe(0);
      expect(logOf(logs)).toContain('own clock: time limit reached');
    } catch (error) {
      console.log(agent.output(), existsSync(logs) ? logOf(logs) : 'no log', (await desk.windows()).map((w) => w.text).join(' | '));
      throw error;
    } finally {
      agent.child.kill('SIGKILL');
      await page.close();
      await f.server.close();
    }
  }, 180_000);
});
