import { describe, expect, it } from 'vitest';
import { SESSION_CONSENT } from '../../shared/consent.js';
import { ACCEPT_ARMS_AFTER_MS } from '../../agent/ui/questionFlow.js';
import type { Button, Row, Screen, ScreenEvents, ScreenHost } from '../../agent/ui/screen.js';
import { ScreenUi } from '../../agent/ui/screenUi.js';
import type { ConsentRequest, ExtensionRequest } from '../../shared/protocol/session.js';
import { testClock } from '../support/clock.js';

/**
 * The UI's flows on a recording host (the real hosts, Win32 and the loopback page, are tested
 * with real windows and real clicks in test/agent/windowsUi.test.ts and linuxUi.test.ts). Here the
 * rules themselves, on a test clock, in milliseconds.
 */
class RecordingHost implements ScreenHost {
  readonly systemLanguage;
  readonly windows: Array<{ screen: Screen; events: ScreenEvents; open: boolean }> = [];
  constructor(language: 'ko' | 'en' = 'en') {
    this.systemLanguage = language;
  }
  open(screen: Screen, events: ScreenEvents) {
    const w = { screen, events, open: true };
    this.windows.push(w);
    return { update: (s: Screen) => void (w.screen = s), close: () => void (w.open = false) };
  }
  close() {
    for (const w of this.windows) w.open = false;
  }
  get top() {
    return [...this.windows].reverse().find((w) => w.open)!;
  }
  button(id: string): Button | undefined {
    return this.top.screen.rows.flatMap((r) => (r.kind === 'buttons' ? r.buttons : [])).find((b) => b.id === id);
  }
  row(id: string): Row | undefined {
    return this.top.screen.rows.find((r) => r.id === id);
  }
  text(id: string): string {
    const row = this.row(id);
    return row && 'text' in row ? row.text : '';
  }
}

const request: ConsentRequest = {
  sessionId: 7, caseRef: 'C-1', engineerName: 'Park', helpdeskName: 'HD', capabilities: ['view_screen', 'control_input'], diagnostics: [],
  everyActionLogged: true, canStopAnytime: true, timeLimitMinutes: 60, maxTotalMinutes: 360, text: { version: 'v', sha256: { ko: '', en: '' } }, answerWithinSeconds: 60, answerWithinMs: 60_000,
};
const extension: ExtensionRequest = { requestId: 'r', minutes: 30, reason: 'why', engineerName: 'Park', newTotalMinutes: 90, expiresInMs: 60_000, text: { version: 'v', sha256: { ko: '', en: '' } } };

function setup(language: 'ko' | 'en' = 'en') {
  const clock = testClock();
  const host = new RecordingHost(language);
  return { clock, host, ui: new ScreenUi(host, clock) };
}

const settled = async <T>(p: Promise<T>) => {
  let value: T | 'pending' = 'pending';
  void p.then((v) => (value = v));
  await new Promise((r) => setImmediate(r));
  return value;
};

describe('the consent window', () => {
  it('enables Accept only once a name is typed and the window has been up for a moment', async () => {
    const { clock, host, ui } = setup();
    ui.showConsent(request, clock.now() + 60_000);
    expect(host.button('accept')?.enabled).toBe(false);
    host.top.events.input('name', 'Kim');
    expect(host.button('accept')?.enabled).toBe(false);
    await clock.advance(ACCEPT_ARMS_AFTER_MS - 1);
    expect(host.button('accept')?.enabled).toBe(false);
    await clock.advance(1);
    expect(host.button('accept')?.enabled).toBe(true);
    host.top.events.input('name', '   ');
    expect(host.button('accept')?.enabled).toBe(false);
  });

  it('takes only a deliberate click on Accept as consent, with the name, the supervisor answer and the language', async () => {
    const { clock, host, ui } = setup();
    const prompt = ui.showConsent(request, clock.now() + 60_000);
    host.top.events.input('name', '  Kim Minji ');
    host.top.events.activate('accept', true);
    expect(await settled(prompt.result)).toBe('pending');
    await clock.advance(ACCEPT_ARMS_AFTER_MS);
    host.top.events.activate('observers', false);
    expect(host.row('observers')).toMatchObject({ checked: false });
    host.top.events.activate('observers', true);
    expect(host.row('observers')).toMatchObject({ checked: true });
    host.top.events.activate('accept', false);
    expect(await settled(prompt.result)).toBe('pending');
    const window = host.top;
    window.events.activate('accept', true);
    expect(await prompt.result).toEqual({ kind: 'accept', typedName: 'Kim Minji', allowObservers: true, language: 'en' });
    expect(window.open).toBe(false);
  });

  it('never makes Accept the default button or the first focus, and lists Decline first', () => {
    const { clock, host, ui } = setup();
    ui.showConsent(request, clock.now() + 60_000);
    const answer = host.row('answer');
    expect(answer?.kind === 'buttons' && answer.buttons.map((b) => [b.id, b.isDefault])).toEqual([['decline', false], ['accept', false], ['language', false]]);
    expect(host.top.screen.focus).toBe('name');
  });

  it('declines by itself when the time runs out, counting the seconds down', async () => {
    const { clock, host, ui } = setup();
    const prompt = ui.showConsent(request, clock.now() + 5_000);
    expect(host.text('deadline')).toContain('within 5 s');
    await clock.advance(2_000);
    expect(host.text('deadline')).toContain('within 3 s');
    await clock.advance(2_999);
    expect(await settled(prompt.result)).toBe('pending');
    await clock.advance(1);
    expect(await prompt.result).toEqual({ kind: 'timeout' });
  });

  it('declines when the user closes the window, and reports a withdrawal by the session as closed', async () => {
    const first = setup();
    const closed = first.ui.showConsent(request, first.clock.now() + 60_000);
    first.host.top.events.closed();
    expect(await closed.result).toEqual({ kind: 'decline' });
    const second = setup();
    const withdrawn = second.ui.showConsent(request, second.clock.now() + 60_000);
    withdrawn.close('the engineer ended the session');
    expect(await withdrawn.result).toEqual({ kind: 'closed', reason: 'the engineer ended the session' });
    expect(second.host.windows[0]!.open).toBe(false);
  });

  it('switches language in place: the consent text and the answer follow it', async () => {
    const { clock, host, ui } = setup('ko');
    const prompt = ui.showConsent(request, clock.now() + 60_000);
    expect(host.text('consent-text')).toBe(SESSION_CONSENT.ko);
    host.top.events.activate('language', false);
    expect(host.text('consent-text')).toBe(SESSION_CONSENT.en);
    expect(host.windows).toHaveLength(1);
    host.top.events.input('name', 'Kim');
    await clock.advance(ACCEPT_ARMS_AFTER_MS);
    host.top.events.activate('accept', true);
    expect(await prompt.result).toMatchObject({ kind: 'accept', language: 'en' });
    expect(ui.language).toBe('en');
  });
});

describe('the extension window', () => {
  it('asks in a window of its own with the same rule, and answers without a supervisor question', async () => {
    const { clock, host, ui } = setup();
    const prompt = ui.showExtension(extension, clock.now() + 60_000);
    expect(host.row('observers')).toBeUndefined();
    expect(host.text('request')).toContain('Park asks to extend by 30 minutes (90 minutes in all). Reason: why');
    host.top.events.input('name', 'Kim');
    await clock.advance(ACCEPT_ARMS_AFTER_MS);
    host.top.events.activate('accept', false);
    expect(await settled(prompt.result)).toBe('pending');
    host.top.events.activate('accept', true);
    expect(await prompt.result).toEqual({ kind: 'accept', typedName: 'Kim', language: 'en' });
  });
});

describe('the session panel', () => {
  it('counts the time down on its own clock and follows the control state', async () => {
    const { clock, host, ui } = setup();
    const panel = ui.showPanel({ endsAt: clock.now() + 3_600_000, control: 'on' }, { togglePause: () => undefined, stop: () => undefined, chat: () => undefined });
    expect(host.text('time-left')).toBe('Time left: 1:00:00');
    await clock.advance(61_000);
    expect(host.text('time-left')).toBe('Time left: 58:59');
    expect(host.button('pause')).toMatchObject({ label: 'Pause control', enabled: true });
    panel.update({ control: 'paused' });
    expect(host.button('pause')).toMatchObject({ label: 'Resume', enabled: true });
    panel.update({ control: 'off' });
    expect(host.button('pause')?.enabled).toBe(false);
    expect(host.top.screen).toMatchObject({ topmost: true, place: 'corner' });
  });

  it('pauses on any click, resumes only on a deliberate one, stops, and sends chat', () => {
    const { clock, host, ui } = setup();
    const events: string[] = [];
    const panel = ui.showPanel({ endsAt: clock.now() + 60_000, control: 'on' }, { togglePause: () => events.push('toggle'), stop: () => events.push('stop'), chat: (t) => events.push(`chat:${t}`) });
    host.top.events.activate('pause', false);
    panel.update({ control: 'paused' });
    host.top.events.activate('pause', false);
    host.top.events.activate('pause', true);
    host.top.events.input('message', '  hello  ');
    expect(host.button('send')?.enabled).toBe(true);
    host.top.events.activate('send', false);
    host.top.events.activate('stop', false);
    expect(events).toEqual(['toggle', 'toggle', 'chat:hello', 'stop']);
    expect(host.row('message')).toMatchObject({ value: '' });
    panel.chat({ from: 'engineer', name: 'Park', text: 'hi' });
    expect(host.text('chat')).toBe('You: hello\nPark: hi');
  });

  it('stays open when the user closes it: only Stop ends the session', () => {
    const { clock, host, ui } = setup();
    ui.showPanel({ endsAt: clock.now() + 60_000, control: 'on' }, { togglePause: () => undefined, stop: () => undefined, chat: () => undefined });
    host.top.events.closed();
    expect(host.windows[0]!.open).toBe(true);
  });
});

describe('code entry and the end', () => {
  it('passes on nine digits, refuses anything else without answering, shows why a code was refused, and answers null when closed', async () => {
    const { host, ui } = setup();
    const first = ui.askCode();
    host.top.events.input('code', '12345');
    host.top.events.activate('connect', false);
    expect(await settled(first)).toBe('pending');
    expect(host.text('status')).toContain('nine digits');
    host.top.events.input('code', '123 456-789');
    host.top.events.activate('connect', false);
    expect(await first).toBe('123456789');
    expect(host.button('connect')?.enabled).toBe(false);
    const second = ui.askCode({ kind: 'rate_limited', retryAfterSeconds: 30 });
    expect(host.windows).toHaveLength(1);
    expect(host.text('status')).toBe('Too many wrong codes. Wait 30 seconds, then try again.');
    host.top.events.closed();
    expect(await second).toBeNull();
  });

  it('closes the open question and the panel when the session ends, and says why in the current language', async () => {
    const { clock, host, ui } = setup('ko');
    ui.showPanel({ endsAt: clock.now() + 60_000, control: 'on' }, { togglePause: () => undefined, stop: () => undefined, chat: () => undefined });
    const question = ui.showExtension(extension, clock.now() + 60_000);
    const ended = ui.showEnded('expired');
    expect(await question.result).toEqual({ kind: 'closed', reason: 'session ended: expired' });
    expect(host.windows.filter((w) => w.open)).toHaveLength(1);
    expect(host.text('reason')).toBe('시간 제한에 도달하여 원격 지원을 종료했습니다.');
    host.top.events.activate('close', false);
    await ended;
    expect(host.windows.every((w) => !w.open)).toBe(true);
  });
});
