import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { consent, startAgent, type AgentProcess } from '../support/agentProcess.js';
import { launchChromium, openHarness, startHarnessServer } from '../support/browserViewer.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

vi.setConfig({ testTimeout: 60_000 });

let x: XDisplay;
let f: LiveFixture;
let browser: Browser;
let page: Page;
let agent: AgentProcess;
let harness: { origin: string; close(): Promise<void> };
let sessionId: number;

beforeAll(async () => {
  x = await startXvfb(1280, 720);
  harness = await startHarnessServer();
  f = await startLiveServer(undefined, { RA_SUPPORTED_PLATFORMS: 'windows,linux', RA_ALLOWED_ORIGINS: harness.origin });
  browser = await launchChromium();
  page = await openHarness(browser, harness.origin);
  const opened = await openSession(f, await contactedCase(f));
  sessionId = opened.sessionId;
  await page.evaluate(([url, token, id]) => (globalThis as any).harness.watch(url, token, id), [f.server.url, f.engineerToken, sessionId] as const);
  agent = startAgent(['--server', f.server.url, '--lang', 'en', opened.code], x.env);
  await consent(agent);
  await agent.waitFor('Commands');
}, 60_000);

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
const messages = () => page.evaluate(() => (globalThis as any).harness.messages as Array<{ type: string; state?: string }>);
/** Sends messages back to back from the page, as a fast typist's browser would. */
const sendAll = (list: unknown[]) => page.evaluate((ms) => ms.forEach((m) => (globalThis as any).harness.send(m)), list);
const at = (px: number, py: number) => ({ x: px / 1280, y: py / 720 });

/** An X window that records the events it gets (xev), and the pointer over it so that it has the keyboard. */
async function recordingWindow(geometry: string, events: 'keyboard' | 'button', centre: { x: number; y: number }): Promise<() => string> {
  const xev = x.spawn('xev', ['-geometry', geometry, '-event', events]);
  let out = '';
  xev.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => setTimeout(r, 500));
  await send({ type: 'pointer', action: 'move', ...centre });
  await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: Math.round(centre.x * 1280), y: Math.round(centre.y * 720) }), { timeout: 5000 });
  return () => out;
}

/** The keys xev saw pressed, in order, without the Shift that xdotool adds for '"' or '#'. */
const keyPresses = (xev: string) => [...xev.matchAll(/KeyPress event[\s\S]*?keysym 0x[0-9a-f]+, (\w+)\)/g)].map((m) => m[1]).filter((k) => !/^Shift_/.test(k!));

describe('the agent shares the real screen', () => {
  it('arrives in Chromium as a video track with the X display’s size', async () => {
    await vi.waitFor(async () => expect((await video()).decoded).toBeGreaterThan(5), { timeout: 15_000, interval: 200 });
    expect(await video()).toMatchObject({ width: 1280, height: 720 });
  });

  it('shows new pixels when a window is drawn on the display', async () => {
    const before = await sample(500, 300, 100, 80);
    expect(before.r + before.g + before.b).toBeLessThan(60); // the black root window
    x.spawn('xev', ['-geometry', '400x300+400+200']);
    await vi.waitFor(async () => {
      const after = await sample(500, 300, 100, 80);
      expect(after.r + after.g + after.b).toBeGreaterThan(600); // xev's white window
    }, { timeout: 10_000, interval: 200 });
  });
});

describe('remote control', () => {
  it('moves the X pointer when the engineer moves it, once control is on', async () => {
    await send({ type: 'control', action: 'request' });
    await vi.waitFor(async () => expect((await messages()).some((m) => m.type === 'control' && m.state === 'on')).toBe(true), { timeout: 5000 });
    await send({ type: 'pointer', action: 'move', x: 0.25, y: 0.75 });
    await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: 320, y: 540 }), { timeout: 5000 });
  });

  it('applies every move through one long-lived xdotool, not a process per event', async () => {
    const xdotools = () =>
      readFileSync(`/proc/${agent.child.pid}/task/${agent.child.pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter((pid) => pid && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'xdotool');
    await send({ type: 'pointer', action: 'move', ...at(90, 100) });
    await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: 90, y: 100 }), { timeout: 5000 });
    const before = xdotools();
    expect(before).toHaveLength(1);
    await sendAll(Array.from({ length: 40 }, (_, i) => ({ type: 'pointer', action: 'move', ...at(100 + i * 10, 100) })));
    await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: 490, y: 100 }), { timeout: 5000 });
    expect(xdotools()).toEqual(before);
  });

  it('delivers a click to the X window under the pointer', async () => {
    const xev = x.spawn('xev', ['-geometry', '200x150+900+50', '-event', 'button']);
    let events = '';
    xev.stdout!.on('data', (d: Buffer) => (events += d.toString()));
    await new Promise((r) => setTimeout(r, 500));
    await send({ type: 'pointer', action: 'down', x: 1000 / 1280, y: 125 / 720, button: 'left' });
    await send({ type: 'pointer', action: 'up', x: 1000 / 1280, y: 125 / 720, button: 'left' });
    await vi.waitFor(() => expect(events).toMatch(/ButtonRelease event[\s\S]*button 1/), { timeout: 5000 });
    expect(events).toMatch(/ButtonPress event/);
  });

  it('injects nothing while the user has paused it, and tells the engineer', async () => {
    agent.type('p');
    await agent.waitFor('paused');
    await vi.waitFor(async () => expect((await messages()).at(-1)).toMatchObject({ type: 'control', state: 'paused' }), { timeout: 5000 });
    const where = await x.pointer();
    await send({ type: 'pointer', action: 'move', x: 0.01, y: 0.01 });
    await new Promise((r) => setTimeout(r, 700));
    expect(await x.pointer()).toEqual(where);
    agent.type('p');
    await agent.waitFor('controlling');
    await send({ type: 'pointer', action: 'move', x: 0.5, y: 0.5 });
    await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: 640, y: 360 }), { timeout: 5000 });
    const audit = (await f.staff.auditor.get(`/api/audit?sessionId=${sessionId}&limit=200`)).body.entries.map((e: any) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['session.control_granted', 'session.control_paused', 'session.control_resumed']));
  });

  it('applies typed text and keys strictly in the order they arrive', async () => {
    await send({ type: 'control', action: 'request' });
    const events = await recordingWindow('300x200+50+400', 'keyboard', at(200, 500));
    await sendAll([
      { type: 'text', text: 'uvw' },
      { type: 'key', action: 'down', code: 'Enter' },
      { type: 'key', action: 'up', code: 'Enter' },
      { type: 'text', text: 'x' },
    ]);
    await vi.waitFor(() => expect(keyPresses(events())).toHaveLength(5), { timeout: 5000 });
    expect(keyPresses(events())).toEqual(['u', 'v', 'w', 'Return', 'x']);
  });

  it('types quotes, dashes, newlines and Korean as text, never as input commands', async () => {
    const events = await recordingWindow('300x200+400+400', 'keyboard', at(550, 500));
    const before = await x.pointer();
    await send({ type: 'text', text: '"a" -b\nmousemove 0 0 #한' });
    const typed = ['quotedbl', 'a', 'quotedbl', 'space', 'minus', 'b', 'Return', ...'mousemove'.split(''), 'space', '0', 'space', '0', 'space', 'numbersign', 'UD55C'];
    await vi.waitFor(() => expect(keyPresses(events())).toHaveLength(typed.length), { timeout: 5000 });
    expect(keyPresses(events())).toEqual(typed);
    expect(await x.pointer()).toEqual(before);
  });

  it('scrolls one notch for four small wheel steps of 40 px', async () => {
    const events = await recordingWindow('300x200+750+400', 'button', at(900, 500));
    await sendAll(Array.from({ length: 4 }, () => ({ type: 'wheel', ...at(900, 500), deltaX: 0, deltaY: 40 })));
    const presses = () => [...events().matchAll(/ButtonPress event[\s\S]*?button (\d+)/g)].map((m) => m[1]);
    await vi.waitFor(() => expect(presses()).toHaveLength(1), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 700));
    expect(presses()).toEqual(['5']);
  });
});
