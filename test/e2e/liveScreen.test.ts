import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { consent, startAgent, type AgentProcess } from '../support/agentProcess.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { openAs, webBrowser, type UserPage } from '../support/web.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

/*
 * The engineer's live page receiving the real agent's screen over real WebRTC: how its receiver
 * is set up and how its input leaves the page. The page's own peer connections and data
 * channel sends are observed (not changed) by a script installed before the app loads.
 */

vi.setConfig({ testTimeout: 90_000 });

let x: XDisplay;
let f: LiveFixture;
let browser: Browser;
let eng: UserPage;
let agent: AgentProcess;

/** Runs in the page before the app: remembers every peer connection and every message sent on a data channel. */
function observeWebRtc() {
  const w = globalThis as any;
  const Native = w.RTCPeerConnection;
  w.observed = { connections: [], sent: [] };
  w.RTCPeerConnection = class extends Native {
    constructor(...args: unknown[]) {
      super(...args);
      w.observed.connections.push(this);
    }
  };
  const send = w.RTCDataChannel.prototype.send;
  w.RTCDataChannel.prototype.send = function (this: unknown, data: unknown) {
    if (typeof data === 'string') w.observed.sent.push(JSON.parse(data));
    return send.call(this, data);
  };
}

beforeAll(async () => {
  x = await startXvfb(1280, 720);
  f = await startLiveServer(undefined, { RA_SUPPORTED_PLATFORMS: 'windows,linux' });
  browser = await webBrowser();
  const { sessionId, code } = await openSession(f, await contactedCase(f));
  eng = await openAs(browser, f.server, 'eng1');
  await eng.context.addInitScript(observeWebRtc);
  await eng.page.goto(`${f.server.url}/sessions/${sessionId}`);
  agent = startAgent(['--server', f.server.url, '--lang', 'en', code], x.env);
  await consent(agent);
  await agent.waitFor('Commands');
  await vi.waitFor(async () => expect(await eng.page.evaluate(() => (globalThis as any).document.querySelector('[data-testid="remote-screen"]').videoWidth)).toBe(1280), { timeout: 30_000, interval: 200 });
}, 90_000);

afterAll(async () => {
  agent?.child.kill();
  await browser?.close();
  await f?.server.close();
  await x?.stop();
});

/** Pointer events dispatched on the picture in one go (video pixels of the 1280×720 screen); then what went out at once and two frames later. */
function dispatchOnPicture(events: Array<{ type: 'pointermove' | 'pointerdown'; px: number; py: number }>) {
  return eng.page.evaluate(async (list) => {
    const w = globalThis as any;
    const video = w.document.querySelector('[data-testid="remote-screen"]');
    const box = video.getBoundingClientRect();
    const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
    const at = (px: number, py: number) => ({ clientX: box.left + (box.width - video.videoWidth * scale) / 2 + px * scale, clientY: box.top + (box.height - video.videoHeight * scale) / 2 + py * scale });
    const pointerSent = () => w.observed.sent.filter((m: { type: string }) => m.type === 'pointer').map((m: { action: string; x: number }) => `${m.action} ${Math.round(m.x * 1280)}`);
    const before = pointerSent().length;
    for (const e of list) video.dispatchEvent(new w.PointerEvent(e.type, { bubbles: true, button: 0, pointerId: 1, ...at(e.px, e.py) }));
    const atOnce = pointerSent().slice(before);
    await new Promise((resolve) => w.requestAnimationFrame(() => w.requestAnimationFrame(resolve)));
    return { atOnce, twoFramesLater: pointerSent().slice(before) };
  }, events);
}

describe('the engineer’s live screen', () => {
  it('asks its video receiver to hold no frame back (jitterBufferTarget 0 ms)', async () => {
    const receivers = await eng.page.evaluate(() =>
      (globalThis as any).observed.connections.flatMap((pc: any) => pc.getReceivers().map((r: any) => ({ kind: r.track.kind, jitterBufferTarget: r.jitterBufferTarget }))),
    );
    expect(receivers).toContainEqual({ kind: 'video', jitterBufferTarget: 0 });
    expect(receivers.filter((r: { kind: string }) => r.kind === 'video')).toHaveLength(1);
  });

  it('sends the first pointer move at once and then only the newest one per animation frame', async () => {
    await eng.page.getByRole('button', { name: 'Take control' }).click();
    await eng.page.getByTestId('control-state').getByText('You control').waitFor();
    const moves = Array.from({ length: 10 }, (_, i) => ({ type: 'pointermove' as const, px: 100 + 10 * i, py: 100 }));
    const sent = await dispatchOnPicture(moves);
    expect(sent.atOnce).toEqual(['move 100']);
    expect(sent.twoFramesLater).toEqual(['move 100', 'move 190']);
    await expect.poll(() => x.pointer(), { timeout: 10_000 }).toEqual({ x: 190, y: 100 });
  });

  it('sends a press at once, never behind a move still waiting for its frame', async () => {
    const sent = await dispatchOnPicture([
      { type: 'pointermove', px: 300, py: 200 },
      { type: 'pointermove', px: 350, py: 200 },
      { type: 'pointerdown', px: 400, py: 200 },
    ]);
    expect(sent.atOnce).toEqual(['move 300', 'down 400']);
    expect(sent.twoFramesLater).toEqual(['move 300', 'down 400']);
    await expect.poll(() => x.pointer(), { timeout: 10_000 }).toEqual({ x: 400, y: 200 });
  });
});
