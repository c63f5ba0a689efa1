import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXTENSION_CONSENT, SESSION_CONSENT } from '../../shared/consent.js';
import type { FixtureLink } from '../support/windowsSide/link.js';
import { TARGET } from '../support/windowsSide/target.js';
import { centre, createWinePrefix, type Desktop, ENGLISH_LOCALE, KOREAN_LOCALE, openDesktop, type WinePrefix, type WinWindow } from '../support/wine.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

/**
 * The agent's Windows parts under Wine on one Xvfb display and one prefix, used the way a person
 * uses them:
 * - its windows (ScreenUi on the Win32 host), found by title and accessible name from another
 *   Windows program (the probe), clicked and typed into with real X input. Only such a click may
 *   consent; the probe also tries what another program could do instead (BM_CLICK, WM_COMMAND),
 *   and the agent's own input back end clicks for the "engineer". Screenshots of each window, in
 *   English and Korean.
 * - its input back end (SendInput through koffi) behind the agent's RemoteControl: a Windows
 *   window records what arrives, notepad is a real program to type into, and xdotool reads the
 *   X pointer.
 */
vi.setConfig({ testTimeout: 90_000 });

let x: XDisplay;
let wine: WinePrefix;
let desktop: Awaited<ReturnType<typeof openDesktop>>;
let en: FixtureLink;
let ko: FixtureLink;
let probe: FixtureLink;
let input: FixtureLink;
let target: FixtureLink;
let desk: Desktop;

const request = {
  sessionId: 7, caseRef: 'C-2026-0042', engineerName: 'Park Jisoo', helpdeskName: 'Second-level HelpDesk',
  capabilities: ['view_screen', 'control_input', 'diagnostics', 'chat'], diagnostics: ['pc_spec', 'network', 'browsers'],
  everyActionLogged: true, canStopAnytime: true, timeLimitMinutes: 60, maxTotalMinutes: 360,
  text: { version: SESSION_CONSENT.version, sha256: { ko: '', en: '' } }, answerWithinSeconds: 120, answerWithinMs: 120_000,
};
const extension = { requestId: 'r-1', minutes: 30, reason: 'Reinstall the video player', engineerName: 'Park Jisoo', newTotalMinutes: 90, expiresInMs: 120_000, text: { version: EXTENSION_CONSENT.version, sha256: { ko: '', en: '' } } };

beforeAll(async () => {
  x = await startXvfb(1280, 720);
  wine = await createWinePrefix(x);
  desktop = await openDesktop(wine, x, 'desktop-test');
  ({ desk } = desktop);
  probe = desk.probe;
  const { fixtures, bundle } = desktop;
  for (const role of ['target', 'input']) await wine.node(bundle, [role, String(fixtures.port)]);
  await wine.node(bundle, ['ui', String(fixtures.port)], ENGLISH_LOCALE);
  [target, input, en] = await Promise.all([fixtures.accept('target'), fixtures.accept('input'), fixtures.accept('ui')]);
  // The Korean one calls in second: Windows' UI language comes from the locale here.
  await wine.node(bundle, ['ui', String(fixtures.port)], KOREAN_LOCALE);
  ko = await fixtures.accept('ui');
}, 300_000);

afterAll(async () => {
  for (const link of [en, ko, input, target]) link?.close();
  await desktop?.close();
  await wine?.stop();
  await x?.stop();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Nothing arrives for a while: a refusal is the absence of an answer. */
async function expectNoEvent(link: FixtureLink, event: string, ms = 1500) {
  await pause(ms);
  expect(link.events.filter((e) => e.event === event)).toEqual([]);
}
const enabled = (window: WinWindow, name: string) => desk.enabled(window, name);

/** The end window closed by its button: the window goes, and the fixture hears it closed. */
async function closeEnded(link: FixtureLink, ended: WinWindow, label: string) {
  await desk.pressToClose(ended, label);
  return link.next('ended-closed');
}

describe('the agent windows on Windows (Wine), in English', () => {
  it('asks for the code, refuses a short one, passes nine digits on and says when a code was refused', async () => {
    expect(await en.call('info')).toMatchObject({ language: 'en' });
    await en.call('askCode', {});
    const win = await desk.window(/^RemoteAssist Support$/);
    expect(win.topmost).toBe(false);
    await desk.shot('code-en', win);
    await desk.typeInto(win, '9-digit code', '12345');
    await desk.click(await desk.control(win, 'Connect', 'button'));
    await vi.waitFor(async () => expect(await desk.texts(win)).toContain('The code has nine digits'));
    await expectNoEvent(en, 'code', 500);

    await desk.typeInto(win, '9-digit code', '123 456 789');
    await desk.click(await desk.control(win, 'Connect', 'button'));
    expect(await en.next('code')).toEqual({ code: '123456789' });
    await vi.waitFor(async () => expect(await desk.texts(win)).toContain('Connecting…'));
    expect(await enabled(win, 'Connect')).toBe(false);

    await en.call('askCode', { problem: { kind: 'invalid' } });
    await vi.waitFor(async () => expect(await desk.texts(win)).toContain('This code is not valid'));
    expect(await enabled(win, 'Connect')).toBe(true);
    await desk.click(await desk.control(win, '9-digit code', 'edit'));
    await desk.key('Escape');
    expect(await en.next('code')).toEqual({ code: null });
    await desk.gone(/^RemoteAssist Support$/);
  });

  it('shows who asks, what they may do, the time limit and the consent text, on top; Decline declines', async () => {
    await en.call('showConsent', { request, answerWithinMs: 120_000 });
    const win = await desk.window(/Remote support request/);
    expect(win.topmost).toBe(true);
    const text = await desk.texts(win);
    for (const part of ['Park Jisoo of Second-level HelpDesk asks to connect to this PC.', 'Case: C-2026-0042', 'see your screen', 'control your mouse and keyboard', 'Network to the server', 'Installed browsers and versions', 'chat with you', 'Every action is logged', 'Time limit: 60 minutes', SESSION_CONSENT.version]) {
      expect(text).toContain(part);
    }
    expect(text).toContain(SESSION_CONSENT.en.replace(/\n/g, '\r\n'));
    const names = (await desk.controls(win)).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Consent text', 'Your name (your signature)', 'A supervisor may also watch', 'Accept', 'Decline', '한국어']));
    expect(await enabled(win, 'Accept')).toBe(false);
    await desk.click(await desk.control(win, 'Decline', 'button'));
    expect(await en.next('consent')).toEqual({ kind: 'decline' });
    await desk.gone(/Remote support request/);
  });

  it('accepts only after a name is typed and a real click on Accept: no message, Enter or disabled click consents', async () => {
    await en.call('showConsent', { request, answerWithinMs: 120_000 });
    const win = await desk.window(/Remote support request/);
    const accept = await desk.control(win, 'Accept', 'button');
    await desk.click(accept);
    await expectNoEvent(en, 'consent');

    await desk.typeInto(win, 'Your name (your signature)', 'Kim Minji');
    await vi.waitFor(async () => expect(await enabled(win, 'Accept')).toBe(true));
    await desk.key('Return');
    for (const attempt of ['bmClick', 'sendCommand', 'postCommand']) await probe.call(attempt, { hwnd: accept.hwnd });
    const observers = await desk.control(win, 'A supervisor may also watch', 'button');
    await probe.call('bmClick', { hwnd: observers.hwnd });
    await expectNoEvent(en, 'consent');
    expect(await probe.call('checked', { hwnd: observers.hwnd })).toBe(false);

    await desk.click(observers);
    await vi.waitFor(async () => expect(await probe.call('checked', { hwnd: observers.hwnd })).toBe(true));
    await desk.shot('consent-en', win);
    await desk.click(accept);
    expect(await en.next('consent')).toEqual({ kind: 'accept', typedName: 'Kim Minji', allowObservers: true, language: 'en' });
    await desk.gone(/Remote support request/);
  });

  it('lets a keyboard user accept: Tab to Accept, then Space', async () => {
    await en.call('showConsent', { request, answerWithinMs: 120_000 });
    const win = await desk.window(/Remote support request/);
    await desk.typeInto(win, 'Your name (your signature)', 'Lee Jun');
    await vi.waitFor(async () => expect(await enabled(win, 'Accept')).toBe(true));
    // Tab order follows the window: name, supervisor box, Decline, Accept.
    await desk.key('Tab', 'Tab', 'Tab', 'space');
    expect(await en.next('consent')).toEqual({ kind: 'accept', typedName: 'Lee Jun', allowObservers: false, language: 'en' });
  });

  it('declines by itself when the time to answer runs out', async () => {
    await en.call('showConsent', { request, answerWithinMs: 3000 });
    await desk.window(/Remote support request/);
    expect(await en.next('consent', undefined, 8000)).toEqual({ kind: 'timeout' });
    await desk.gone(/Remote support request/);
  });

  it('closes the consent window when the session ends, and the window that follows says why', async () => {
    await en.call('showConsent', { request, answerWithinMs: 120_000 });
    await desk.window(/Remote support request/);
    await en.call('showEnded', { reason: 'engineer_ended' });
    expect(await en.next('consent')).toEqual({ kind: 'closed', reason: 'session ended: engineer_ended' });
    await desk.gone(/Remote support request/);
    const ended = await desk.window(/^RemoteAssist Support$/);
    expect(await desk.texts(ended)).toContain('The engineer ended the remote support.');
    await desk.shot('ended-en', ended);
    await closeEnded(en, ended, 'Close');
    await desk.gone(/^RemoteAssist Support$/);
  });

  it("asks for an extension in its own window, which the engineer's remote pointer cannot accept and the user can", async () => {
    await en.call('showExtension', { request: extension, answerWithinMs: 120_000 });
    const win = await desk.window(/The engineer asks for more time/);
    expect(win.topmost).toBe(true);
    const text = await desk.texts(win);
    expect(text).toContain('Park Jisoo asks to extend by 30 minutes (90 minutes in all). Reason: Reinstall the video player');
    expect(text).toContain(EXTENSION_CONSENT.en.replace(/\n/g, '\r\n'));
    await desk.typeInto(win, 'Your name (your signature)', 'Kim Minji');
    const accept = await desk.control(win, 'Accept', 'button');
    await vi.waitFor(async () => expect(accept.enabled || (await enabled(win, 'Accept'))).toBe(true));
    await desk.shot('extension-en', win);

    // The engineer clicks Accept through the agent's own SendInput: the click happens (the X
    // pointer is there) but the window does not take it as the user's answer.
    await input.call('engineer', { action: 'request' });
    const at = centre(accept.rect);
    for (const action of ['down', 'up']) await input.call('apply', { message: { type: 'pointer', action, x: at.x / 1280, y: at.y / 720, button: 'left' } });
    await vi.waitFor(async () => {
      const pointer = await x.pointer();
      expect(Math.abs(pointer.x - at.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(pointer.y - at.y)).toBeLessThanOrEqual(1);
    });
    await expectNoEvent(en, 'extension');

    await desk.click(accept);
    expect(await en.next('extension')).toEqual({ kind: 'accept', typedName: 'Kim Minji', language: 'en' });
    await desk.gone(/The engineer asks for more time/);
  });

  it('keeps the session panel on top; Pause, Resume, Stop and chat reach the session', async () => {
    await en.call('showPanel', { remainingMs: 3_600_000, control: 'on' });
    const panel = await desk.window(/remote support$/);
    expect(panel.topmost).toBe(true);
    expect(await desk.texts(panel)).toMatch(/Time left: (59:5\d|1:00:00)/);

    // Another program over the panel, activated by a click: the panel still shows above it.
    const notepadProcess = wine.start('notepad');
    const notepad = await desk.window(/Notepad/, 30_000);
    await probe.call('moveWindow', { hwnd: notepad.hwnd, x: panel.rect.left - 200, y: panel.rect.top - 150, width: 600, height: 500 });
    const besidePanel = { x: panel.rect.left - 120, y: panel.rect.top + 40 };
    await vi.waitFor(async () => expect((await probe.call('windowAt', besidePanel)).hwnd).toBe(notepad.hwnd));
    await desk.click({ rect: { left: besidePanel.x - 5, top: besidePanel.y - 5, right: besidePanel.x + 5, bottom: besidePanel.y + 5 } });
    expect((await probe.call('windowAt', centre(panel.rect))).hwnd).toBe(panel.hwnd);
    notepadProcess.child.kill('SIGKILL');

    await desk.click(await desk.control(panel, 'Pause control', 'button'));
    expect(await en.next('panel')).toEqual({ action: 'togglePause' });
    await en.call('panelUpdate', { control: 'paused' });
    await vi.waitFor(async () => expect(await desk.texts(panel)).toContain('Remote control is paused.'));
    const resume = await desk.control(panel, 'Resume', 'button');
    await probe.call('bmClick', { hwnd: resume.hwnd });
    await expectNoEvent(en, 'panel');
    await desk.click(resume);
    expect(await en.next('panel')).toEqual({ action: 'togglePause' });

    await desk.typeInto(panel, 'Message to the engineer', 'Thank you 감사합니다');
    await desk.key('Return');
    expect(await en.next('panel')).toEqual({ action: 'chat', text: 'Thank you 감사합니다' });
    await en.call('panelChat', { line: { from: 'engineer', name: 'Park Jisoo', text: 'Please open the lecture page.' } });
    await en.call('panelNotice', { notice: { kind: 'warning', minutesLeft: 10 } });
    await en.call('panelUpdate', { control: 'on', remainingMs: 65_000 });
    await vi.waitFor(async () => {
      const shown = await desk.texts(panel);
      expect(shown).toContain('You: Thank you 감사합니다\r\nPark Jisoo: Please open the lecture page.');
      expect(shown).toContain('about 10 minute(s) of remote support left');
      expect(shown).toMatch(/Time left: 1:0\d/);
    });
    await desk.shot('panel-en', await desk.window(/remote support$/));
    await desk.click(await desk.control(panel, 'Stop', 'button'));
    expect(await en.next('panel')).toEqual({ action: 'stop' });
    await en.call('panelClose');
    await desk.gone(/remote support$/);
  });
});

describe('the agent windows in Korean, by the Windows UI language', () => {
  it('shows every window in Korean, and a Korean name signs', async () => {
    expect(await ko.call('info')).toMatchObject({ language: 'ko' });
    await ko.call('askCode', {});
    const code = await desk.window(/^RemoteAssist 원격 지원$/);
    await desk.shot('code-ko', code);
    await desk.typeInto(code, '9자리 번호', '123456789');
    await desk.click(await desk.control(code, '연결', 'button'));
    expect(await ko.next('code')).toEqual({ code: '123456789' });

    await ko.call('showConsent', { request, answerWithinMs: 120_000 });
    await desk.gone(/^RemoteAssist 원격 지원$/);
    const consent = await desk.window(/원격 지원 요청/);
    const text = await desk.texts(consent);
    expect(text).toContain('Second-level HelpDesk의 Park Jisoo 엔지니어가 이 PC에 연결하려고 합니다.');
    expect(text).toContain(SESSION_CONSENT.ko.replace(/\n/g, '\r\n'));
    await desk.typeInto(consent, '이름(서명)', '김민지');
    await vi.waitFor(async () => expect(await enabled(consent, '동의')).toBe(true));
    await desk.shot('consent-ko', consent);
    await desk.click(await desk.control(consent, '동의', 'button'));
    expect(await ko.next('consent')).toEqual({ kind: 'accept', typedName: '김민지', allowObservers: false, language: 'ko' });

    await ko.call('showPanel', { remainingMs: 3_540_000, control: 'on' });
    await ko.call('panelChat', { line: { from: 'engineer', name: '박지수', text: '강의 페이지를 열어 주세요.' } });
    const panel = await desk.window(/원격 지원 중$/);
    await vi.waitFor(async () => expect(await desk.texts(panel)).toContain('박지수: 강의 페이지를 열어 주세요.'));
    await desk.shot('panel-ko', panel);

    await ko.call('showExtension', { request: extension, answerWithinMs: 120_000 });
    const more = await desk.window(/시간 연장을 요청했습니다/);
    expect(await desk.texts(more)).toContain('Park Jisoo 엔지니어가 30분 연장(전체 90분)을 요청합니다.');
    await desk.shot('extension-ko', more);
    await desk.click(await desk.control(more, '거부', 'button'));
    expect(await ko.next('extension')).toEqual({ kind: 'decline' });

    await ko.call('showEnded', { reason: 'user_stopped' });
    await desk.gone(/원격 지원 중$/);
    const ended = await desk.window(/^RemoteAssist 원격 지원$/);
    expect(await desk.texts(ended)).toContain('원격 지원을 중지하셨습니다.');
    await desk.shot('ended-ko', ended);
    await closeEnded(ko, ended, '닫기');
  });

  it('switches language in the window; the answer carries the language the text was read in', async () => {
    await ko.call('showConsent', { request, answerWithinMs: 120_000 });
    const win = await desk.window(/원격 지원 요청/);
    await desk.click(await desk.control(win, 'English', 'button'));
    const english = await desk.window(/Remote support request/);
    await vi.waitFor(async () => expect(await desk.texts(english)).toContain(SESSION_CONSENT.en.replace(/\n/g, '\r\n')));
    await desk.typeInto(english, 'Your name (your signature)', 'Kim Minji');
    await vi.waitFor(async () => expect(await enabled(english, 'Accept')).toBe(true));
    await desk.click(await desk.control(english, 'Accept', 'button'));
    expect(await ko.next('consent')).toEqual({ kind: 'accept', typedName: 'Kim Minji', allowObservers: false, language: 'en' });
  });
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
  beforeAll(async () => {
    await input.call('engineer', { action: 'request' });
  });

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
    wine.start('notepad');
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
