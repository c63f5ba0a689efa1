import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TARGET } from '../support/windowsSide/target.js';
import { type FixtureLink, listenForFixtures } from '../support/windowsSide/link.js';
import { bundleForWindows, centre, startWine, type Wine, windowsPieces } from '../support/wineUi.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

/**
 * The Windows input back end (SendInput through koffi) for real: node.exe runs the agent's
 * RemoteControl + windowsInput under Wine on an Xvfb display; a Windows window records what
 * arrives, notepad is a real program to type into, and xdotool reads the X pointer.
 */
vi.setConfig({ testTimeout: 60_000 });

let x: XDisplay;
let wine: Wine;
let fixtures: Awaited<ReturnType<typeof listenForFixtures>>;
let input: FixtureLink;
let target: FixtureLink;
let probe: FixtureLink;

beforeAll(async () => {
  await windowsPieces();
  const bundle = await bundleForWindows('test/support/windowsSide/main.ts', 'input-test');
  x = await startXvfb(1280, 720);
  wine = await startWine(x);
  fixtures = await listenForFixtures();
  for (const role of ['target', 'input', 'probe']) wine.node(bundle, [role, String(fixtures.port)]);
  [target, input, probe] = await Promise.all([fixtures.accept('target'), fixtures.accept('input'), fixtures.accept('probe')]);
  await input.call('engineer', { action: 'request' });
}, 180_000);

afterAll(async () => {
  for (const link of [input, target, probe]) link?.close();
  await fixtures?.close();
  await wine?.stop();
  await x?.stop();
});

const pointer = (action: 'move' | 'down' | 'up', nx: number, ny: number, button?: 'left' | 'right' | 'middle') =>
  input.call('apply', { message: { type: 'pointer', action, x: nx, y: ny, ...(button ? { button } : {}) } });
const key = (action: 'down' | 'up', code: string) => input.call('apply', { message: { type: 'key', action, code } });
/** Normalised video coordinates of a screen pixel (the display is the whole 1280×720 desktop). */
const at = (px: number, py: number) => [px / 1280, py / 720] as const;
const clearEvents = () => target.events.splice(0);

async function press(code: string) {
  await key('down', code);
  await key('up', code);
}

describe('Windows input through SendInput under Wine', () => {
  it('moves the X pointer to where the engineer points, across the virtual desktop', async () => {
    for (const [nx, ny, px, py] of [
      [0.25, 0.5, 320, 360],
      [0, 0, 0, 0],
      [0.9999, 0.9999, 1279, 719],
      [0.5, 0.125, 640, 90],
    ] as const) {
      await pointer('move', nx, ny);
      await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: px, y: py }), { timeout: 5000 });
    }
  });

  it('clicks land in a Windows window at the pointer, with each button', async () => {
    await target.call('focus');
    clearEvents();
    const [nx, ny] = at(TARGET.x + 200, TARGET.y + 150);
    for (const button of ['left', 'right', 'middle'] as const) {
      await pointer('down', nx, ny, button);
      await pointer('up', nx, ny, button);
      const initial = button[0];
      expect(await target.next('input', (e) => e.type === `${initial}buttondown`)).toEqual({ type: `${initial}buttondown`, x: 200, y: 150 });
      expect(await target.next('input', (e) => e.type === `${initial}buttonup`)).toEqual({ type: `${initial}buttonup`, x: 200, y: 150 });
    }
  });

  it('sends keys by scan code, with the extended bit where the key has the E0 prefix', async () => {
    await target.call('focus');
    clearEvents();
    const expected: Array<[string, number, boolean]> = [
      ['KeyA', 0x1e, false], ['Digit1', 0x02, false], ['Enter', 0x1c, false], ['NumpadEnter', 0x1c, true], ['ArrowLeft', 0x4b, true],
      ['ArrowDown', 0x50, true], ['Delete', 0x53, true], ['Home', 0x47, true], ['Numpad7', 0x47, false], ['ControlRight', 0x1d, true],
      ['NumpadDivide', 0x35, true], ['Escape', 0x01, false], ['F5', 0x3f, false],
    ];
    for (const [code, scan, extended] of expected) {
      await press(code);
      const down = await target.next('input', (e) => e.type === 'keydown');
      const up = await target.next('input', (e) => e.type === 'keyup');
      expect({ code, scan: down.scan, extended: down.extended }).toEqual({ code, scan, extended });
      expect({ code, scan: up.scan, extended: up.extended }).toEqual({ code, scan, extended });
    }
  });

  it('types text as Unicode, Korean and an emoji (a surrogate pair) included', async () => {
    await target.call('focus');
    clearEvents();
    const text = 'Hi 한글 😀';
    await input.call('apply', { message: { type: 'text', text } });
    const units: number[] = [];
    for (let i = 0; i < text.length; i++) units.push((await target.next('input', (e) => e.type === 'char')).code);
    expect(String.fromCharCode(...units)).toBe(text);
  });

  it('turns the wheel in notches of 120, vertically and horizontally', async () => {
    await target.call('focus');
    clearEvents();
    const [nx, ny] = at(TARGET.x + 300, TARGET.y + 200);
    await input.call('apply', { message: { type: 'wheel', x: nx, y: ny, deltaX: 0, deltaY: 200 } });
    expect(await target.next('input', (e) => e.type === 'wheel')).toEqual({ type: 'wheel', delta: -240 });
    await input.call('apply', { message: { type: 'wheel', x: nx, y: ny, deltaX: 0, deltaY: -100 } });
    expect(await target.next('input', (e) => e.type === 'wheel')).toEqual({ type: 'wheel', delta: 120 });
    await input.call('apply', { message: { type: 'wheel', x: nx, y: ny, deltaX: 100, deltaY: 0 } });
    expect(await target.next('input', (e) => e.type === 'hwheel')).toEqual({ type: 'hwheel', delta: 120 });
  });

  it('releases every held key and button when the user pauses, and applies nothing while paused', async () => {
    await target.call('focus');
    clearEvents();
    const [nx, ny] = at(TARGET.x + 100, TARGET.y + 100);
    await key('down', 'ShiftLeft');
    await pointer('down', nx, ny, 'left');
    expect((await target.next('input', (e) => e.type === 'keydown')).scan).toBe(0x2a);
    await target.next('input', (e) => e.type === 'lbuttondown');
    expect(await input.call('toggle')).toBe('paused');
    expect((await target.next('input', (e) => e.type === 'keyup')).scan).toBe(0x2a);
    await target.next('input', (e) => e.type === 'lbuttonup');
    expect(await key('down', 'KeyB')).toBe(false);
    expect(await input.call('apply', { message: { type: 'text', text: 'x' } })).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    expect(target.events.filter((e) => e.data.type === 'keydown' || e.data.type === 'char')).toEqual([]);

    expect(await input.call('toggle')).toBe('on');
    await key('down', 'ControlLeft');
    expect((await target.next('input', (e) => e.type === 'keydown')).scan).toBe(0x1d);
    await input.call('stop');
    expect((await target.next('input', (e) => e.type === 'keyup')).scan).toBe(0x1d);
    await input.call('engineer', { action: 'request' });
  });

  it('clicks into notepad and types lines that notepad then holds', async () => {
    wine.spawn('notepad', []);
    const notepad = await vi.waitFor(
      async () => {
        const found = (await probe.call<any[]>('windows')).find((w) => /notepad/i.test(w.text));
        if (!found) throw new Error('no notepad window yet');
        return found;
      },
      { timeout: 30_000, interval: 300 },
    );
    const edit = (await probe.call<any[]>('controls', { hwnd: notepad.hwnd })).find((c) => c.cls.toLowerCase() === 'edit');
    const [nx, ny] = at(centre(edit.rect).x, centre(edit.rect).y);
    await pointer('down', nx, ny, 'left');
    await pointer('up', nx, ny, 'left');
    await input.call('apply', { message: { type: 'text', text: 'Hello 안녕하세요 😀\nline 2' } });
    await press('ArrowUp');
    await press('End');
    await input.call('apply', { message: { type: 'text', text: '!' } });
    await vi.waitFor(async () => expect(await probe.call('text', { hwnd: edit.hwnd })).toBe('Hello 안녕하세요 😀!\r\nline 2'), { timeout: 10_000 });
  });
});
