import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CaseDiagnostic } from '../../shared/protocol/diagnosticResults.js';
import { AGENT_VERSION, ensureAgentBuild, pieceFile } from '../support/agentBuild.js';
import { launchChromium, openHarness, startHarnessServer } from '../support/browserViewer.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { createWinePrefix, ensureWindowsFolder, type WineConsole, type WinePrefix } from '../support/wine.js';
import { SCREENSHOTS } from '../support/web.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

// Wine is slow to start and shares two cores with other tests: generous limits, one prefix.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 400_000 });

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const ORIGINALS = {
  'wrtc.node': pieceFile('roamhq-wrtc-win32-x64-0.10.0', 'wrtc.node'),
  'koffi.node': pieceFile('koromix-koffi-win32-x64-3.3.4', 'win32_x64/koffi.node'),
  'ffmpeg.exe': pieceFile('ffmpeg-installer-win32-x64-4.1.0', 'ffmpeg.exe'),
};

let x: XDisplay;
let wine: WinePrefix;
let exe: string;
let carriedDir: string;

beforeAll(async () => {
  x = await startXvfb(1280, 720);
  [exe, wine] = await Promise.all([ensureAgentBuild('win-x64'), createWinePrefix(x)]);
  carriedDir = join(wine.localAppData, 'RemoteAssist', AGENT_VERSION);
});

afterAll(async () => {
  await wine?.stop();
  await x?.stop();
});

async function timedStart(): Promise<number> {
  const t0 = performance.now();
  const result = await wine.run(exe, ['--help']);
  expect(result.stdout).toContain('Usage: remote-assist-agent');
  expect(result.code).toBe(0);
  return performance.now() - t0;
}

describe('the Windows executable under Wine', () => {
  it('unpacks its carried files once into %LOCALAPPDATA%\\RemoteAssist\\<version>, byte for byte the pinned ones', async () => {
    expect(existsSync(carriedDir)).toBe(false);
    const first = await timedStart();
    for (const [name, original] of Object.entries(ORIGINALS)) expect(sha256(join(carriedDir, name)), name).toBe(sha256(original));
    const later = await timedStart();
    console.log(`windows exe: first start ${first.toFixed(0)} ms (unpacking), later start ${later.toFixed(0)} ms`);
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

describe('a session with the Windows executable', () => {
  let f: LiveFixture;
  let browser: Browser;
  let page: Page;
  let harness: { origin: string; close(): Promise<void> };
  let agent: WineConsole;
  let caseId: number;
  let sessionId: number;
  let logDir: string;

  beforeAll(async () => {
    harness = await startHarnessServer();
    f = await startLiveServer(undefined, { RA_SUPPORTED_PLATFORMS: 'windows', RA_ALLOWED_ORIGINS: harness.origin });
    browser = await launchChromium();
    page = await openHarness(browser, harness.origin);
    caseId = await contactedCase(f);
    const opened = await openSession(f, caseId);
    sessionId = opened.sessionId;
    await page.evaluate(([url, token, id]) => (globalThis as any).harness.watch(url, token, id), [f.server.url, f.engineerToken, opened.sessionId] as const);
    // A stand-in P2P client: Wine's ping (no window, runs for minutes) under a torrent client's name.
    const fakeP2P = join(ensureWindowsFolder(wine, 'C:\\tools'), 'utorrent.exe');
    copyFileSync(wine.linuxPath('C:\\windows\\system32\\ping.exe'), fakeP2P);
    wine.start('C:\\tools\\utorrent.exe', ['-n', '600', '127.0.0.1']);
    logDir = wine.linuxPath('C:\\ralogs');
    // The pane is a pty, as a console window is: Node's stdio on a pipe fails under Wine.
    writeFileSync(join(carriedDir, 'koffi.node'), 'tampered');
    agent = await wine.console(exe, ['--server', f.server.url, '--lang', 'en', '--log-dir', 'C:\\ralogs', opened.code]);
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await f?.server.close();
  });

  const video = () => page.evaluate(() => (globalThis as any).harness.video());
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

  it('is consented at its console, as a user types it', async () => {
    await agent.waitFor('Type "yes"', 90_000);
    await agent.typeLine('yes');
    await agent.waitFor('Type your name');
    await agent.typeLine('Kim Wine');
    await agent.waitFor('supervisor');
    await agent.typeLine('no');
    await agent.waitFor('Commands', 60_000);
    const log = readdirSync(logDir).map((name) => readFileSync(join(logDir, name), 'utf8')).join('\n');
    expect(log).toMatch(/program file\s+koffi\.node replaced/);
    expect(log).toMatch(/program file\s+wrtc\.node verified/);
    // DPI-aware before measuring; the monitor from user32; ffmpeg 4.1 has gdigrab, no ddagrab.
    expect(log).toMatch(/capture\s+gdigrab \(DPI: per-monitor(-v2)?\): \\\\\.\\DISPLAY1 1280×720 \(primary\)/);
  });

  it('reports the monitor user32 sees, in real pixels', async () => {
    const session = (await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body;
    expect(session.device.displays).toEqual([{ id: '0', width: 1280, height: 720, primary: true }]);
    expect(session.device.platform).toBe('windows');
  });

  it('sends the Wine desktop as video, whose pixels change when notepad draws', async () => {
    await vi.waitFor(async () => expect((await video()).decoded).toBeGreaterThan(5), { timeout: 60_000, interval: 500 }).catch(async (e) => {
      console.log(await agent.screen(), readdirSync(logDir).map((name) => readFileSync(join(logDir, name), 'utf8')).join('\n'));
      throw e;
    });
    expect(await video()).toMatchObject({ width: 1280, height: 720 });
    const before = await grid();
    expect(Math.max(...before)).toBeLessThan(60); // the Wine desktop is black until a program draws
    wine.start('notepad');
    await vi.waitFor(async () => {
      const after = await grid();
      // Notepad's white edit area covers whole cells.
      expect(Math.max(...after.map((v, i) => v - before[i]!))).toBeGreaterThan(500);
    }, { timeout: 60_000, interval: 500 });
    await page.locator('video').screenshot({ path: join(SCREENSHOTS, 'windows-agent-video-under-wine.png') });
  });

  it('reports the Windows diagnostics, well-formed, with an error where Wine lacks a source', async () => {
    let diagnostics: CaseDiagnostic[] = [];
    await vi.waitFor(async () => {
      diagnostics = (await f.staff.engineer.get(`/api/cases/${caseId}/diagnostics`)).body;
      expect(diagnostics.length).toBeGreaterThanOrEqual(8);
    }, { timeout: 90_000, interval: 1000 });
    for (const d of diagnostics) expect(() => CaseDiagnostic.parse(d), d.check).not.toThrow();
    const by = (check: string) => diagnostics.find((d) => d.check === check)!;
    console.log(JSON.stringify(diagnostics.map((d) => [d.check, d.status, d.summary])));
    expect(diagnostics.map((d) => d.check).sort()).toEqual(['browser_temp', 'browsers', 'disk_space', 'network', 'os_updates', 'pc_spec', 'player_runtime', 'processes']);
    // Toolhelp sees every Windows process; the renamed one is flagged as a P2P client.
    expect(by('processes')).toMatchObject({ status: 'warn', summary: 'P2P running: utorrent.exe' });
    expect(by('processes').items.map((i) => i.label)).toEqual(expect.arrayContaining(['P2P client: utorrent.exe', expect.stringMatching(/^CPU: /), expect.stringMatching(/^Memory: /)]));
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
});
