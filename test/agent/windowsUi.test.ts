import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXTENSION_CONSENT, SESSION_CONSENT } from '../../shared/consent.js';
import { type FixtureLink, listenForFixtures } from '../support/windowsSide/link.js';
import { bundleForWindows, centre, Desktop, startWine, type Wine, type WinWindow, windowsPieces } from '../support/wineUi.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

/**
 * The agent's windows (ScreenUi on the Win32 host) under Wine on Xvfb, used the way a person
 * uses them: found by title and accessible name from another Windows program (the probe), clicked
 * and typed into with real X input. Only such a click may consent; the probe also tries what
 * another program could do instead (BM_CLICK, WM_COMMAND), and the agent's own input back end
 * clicks for the "engineer". Screenshots of each window, in English and Korean.
 */
vi.setConfig({ testTimeout: 90_000 });

let x: XDisplay;
let wine: Wine;
let fixtures: Awaited<ReturnType<typeof listenForFixtures>>;
let en: FixtureLink;
let ko: FixtureLink;
let probe: FixtureLink;
let input: FixtureLink;
let desk: Desktop;

const request = {
  sessionId: 7, caseRef: 'C-2026-0042', engineerName: 'Park Jisoo', helpdeskName: 'Second-level HelpDesk',
  capabilities: ['view_screen', 'control_input', 'diagnostics', 'chat'], diagnostics: ['pc_spec', 'network', 'browsers'],
  everyActionLogged: true, canStopAnytime: true, timeLimitMinutes: 60, maxTotalMinutes: 360,
  text: { version: SESSION_CONSENT.version, sha256: { ko: '', en: '' } }, answerWithinSeconds: 120, answerWithinMs: 120_000,
};
const extension = { requestId: 'r-1', minutes: 30, reason: 'Reinstall the video player', engineerName: 'Park Jisoo', newTotalMinutes: 90, expiresInMs: 120_000, text: { version: EXTENSION_CONSENT.version, sha256: { ko: '', en: '' } } };

beforeAll(async () => {
  await windowsPieces();
  const bundle = await bundleForWindows('test/support/windowsSide/main.ts', 'ui-test');
  x = await startXvfb(1280, 720);
  wine = await startWine(x);
  fixtures = await listenForFixtures();
  wine.node(bundle, ['probe', String(fixtures.port)]);
  wine.node(bundle, ['input', String(fixtures.port)]);
  wine.node(bundle, ['ui', String(fixtures.port)], { LANG: 'en_US.UTF-8' });
  [probe, input, en] = await Promise.all([fixtures.accept('probe'), fixtures.accept('input'), fixtures.accept('ui')]);
  // The Korean one calls in second: Windows' UI language comes from the locale here.
  wine.node(bundle, ['ui', String(fixtures.port)], { LANG: 'ko_KR.UTF-8', LC_ALL: 'ko_KR.UTF-8' });
  ko = await fixtures.accept('ui');
  desk = new Desktop(x, probe);
}, 180_000);

afterAll(async () => {
  for (const link of [en, ko, probe, input]) link?.close();
  await fixtures?.close();
  await wine?.stop();
  await x?.stop();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Nothing arrives for a while: a refusal is the absence of an answer. */
async function expectNoEvent(link: FixtureLink, event: string, ms = 1500) {
  await pause(ms);
  expect(link.events.filter((e) => e.event === event)).toEqual([]);
}
async function enabled(window: WinWindow, name: string) {
  return (await desk.control(window, name, 'button')).enabled;
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
    await desk.click(await desk.control(ended, 'Close', 'button'));
    await en.next('ended-closed');
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
    const notepadProcess = wine.spawn('notepad', []);
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
    await desk.click(await desk.control(ended, '닫기', 'button'));
    await ko.next('ended-closed');
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
