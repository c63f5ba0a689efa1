import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { askSessionConsent } from '../../agent/consentPrompt.js';
import { MESSAGES } from '../../agent/i18n.js';
import { ReportQueue } from '../../agent/reportQueue.js';
import { SESSION_CONSENT, sha256Hex } from '../../shared/consent.js';
import { AppError } from '../../shared/errors.js';
import type { SessionAction } from '../../shared/protocol/actions.js';
import type { ConsentRequest } from '../../shared/protocol/session.js';
import { Countdown } from '../../agent/countdown.js';
import { jitter } from '../../shared/roundTrips.js';
import { P2P_PATTERN } from '../../agent/diagnostics/system.js';
import { pickLanguage } from '../../agent/i18n.js';
import type { InputBackend } from '../../agent/input/backend.js';
import { RemoteControl } from '../../agent/input/control.js';
import { x11Keysym } from '../../agent/input/keys.js';
import { keysymRuns, textToKeysyms } from '../../agent/input/xdotool.js';
import { Terminal } from '../../agent/terminal.js';
import { adapt, QUALITY_LEVELS, type AdaptState } from '../../agent/video/adapt.js';
import { FrameSplitter, frameSizeFor } from '../../agent/video/capture.js';
import { parseMonitors } from '../../agent/video/x11.js';
import { testClock, type TestClock } from '../support/clock.js';

describe('frames', () => {
  it('cuts a byte stream into whole frames whatever the chunking', () => {
    const frames: number[][] = [];
    const splitter = new FrameSplitter(6, (f) => frames.push([...f]));
    splitter.push(Uint8Array.from([1, 2, 3, 4]));
    splitter.push(Uint8Array.from([5, 6, 7, 8, 9, 10, 11, 12, 13]));
    expect(frames).toEqual([
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12],
    ]);
    splitter.push(Uint8Array.from([14, 15, 16, 17, 18]));
    expect(frames[2]).toEqual([13, 14, 15, 16, 17, 18]);
  });

  it('keep the native size up to 1920×1080, with even dimensions, and scale down on request', () => {
    expect(frameSizeFor({ width: 1280, height: 720 }, 1, 15)).toEqual({ width: 1280, height: 720, fps: 15 });
    expect(frameSizeFor({ width: 2560, height: 1440 }, 1, 15)).toEqual({ width: 1920, height: 1080, fps: 15 });
    expect(frameSizeFor({ width: 1366, height: 768 }, 0.75, 10)).toEqual({ width: 1024, height: 576, fps: 10 });
    expect(frameSizeFor({ width: 1023, height: 767 }, 1, 15)).toEqual({ width: 1022, height: 766, fps: 15 });
  });

  it('adapt to CPU: 30 fps at the top, frame rate first when busy twice in a row, back up slowly when calm', () => {
    const busy = (s: AdaptState) => adapt(adapt(s, 95), 95);
    let s: AdaptState = { level: 0, calm: 0, busy: 0 };
    expect(QUALITY_LEVELS[s.level]).toEqual({ fps: 30, scale: 1 });
    expect(adapt(s, 95).level).toBe(0); // one busy sample is a burst
    expect(adapt(adapt(adapt(s, 95), 70), 95).level).toBe(0); // busy samples must follow each other
    s = busy(s);
    expect(QUALITY_LEVELS[s.level]).toEqual({ fps: 20, scale: 1 });
    s = busy(s);
    expect(QUALITY_LEVELS[s.level]).toEqual({ fps: 15, scale: 1 });
    s = busy(s);
    expect(QUALITY_LEVELS[s.level]).toEqual({ fps: 10, scale: 0.75 });
    s = adapt(adapt(s, 55), 55);
    expect(s.level).toBe(3);
    s = adapt(s, 55);
    expect(s.level).toBe(2);
    const bottom = QUALITY_LEVELS.length - 1;
    expect(busy({ level: bottom, calm: 0, busy: 0 }).level).toBe(bottom);
    expect(adapt({ level: 1, calm: 2, busy: 0 }, 70)).toEqual({ level: 1, calm: 0, busy: 0 });
    expect(adapt({ level: 1, calm: 2, busy: 0 }, 60)).toEqual({ level: 1, calm: 0, busy: 0 }); // 60 % is not calm
    expect(adapt({ level: 1, calm: 0, busy: 1 }, 85)).toEqual({ level: 1, calm: 0, busy: 0 }); // 85 % is not busy
  });

  it('read monitors from xrandr', () => {
    const out = 'Monitors: 2\n 0: +*HDMI-1 1920/527x1080/296+0+0  HDMI-1\n 1: +DP-1 1280/339x1024/271+1920+0  DP-1\n';
    expect(parseMonitors(out)).toEqual([
      { id: '0', name: 'HDMI-1', primary: true, width: 1920, height: 1080, x: 0, y: 0 },
      { id: '1', name: 'DP-1', primary: false, width: 1280, height: 1024, x: 1920, y: 0 },
    ]);
  });
});

describe('text for xdotool', () => {
  it('becomes one keysym per character, of hex digits only: quotes, dashes, # and newlines cannot form a command', () => {
    expect(textToKeysyms('uvw')).toEqual(['U0075', 'U0076', 'U0077']);
    expect(textToKeysyms('"a" -b #c\r\n\tx\u0007é한😀')).toEqual(['U0022', 'U0061', 'U0022', 'U0020', 'U002D', 'U0062', 'U0020', 'U0023', 'U0063', 'Return', 'Tab', 'U0078', 'U00E9', 'UD55C', 'U1F600']);
    expect(textToKeysyms('type $(reboot)\nkey ctrl+alt+Delete').every((k) => /^(U[0-9A-F]{4,6}|Return|Tab)$/.test(k))).toBe(true);
  });

  it('splits text into runs the keyboard has and runs xdotool must bind a spare key for, in order', () => {
    expect(keysymRuns(textToKeysyms('ab\n한글c'))).toEqual([
      { onKeyboard: true, keysyms: ['U0061', 'U0062', 'Return'] },
      { onKeyboard: false, keysyms: ['UD55C', 'UAE00'] },
      { onKeyboard: true, keysyms: ['U0063'] },
    ]);
  });
});

describe('keys', () => {
  it('map physical key codes to X11 keysyms', () => {
    expect(['KeyA', 'Digit7', 'Enter', 'ShiftLeft', 'F12', 'ArrowUp', 'Lang1'].map(x11Keysym)).toEqual(['a', '7', 'Return', 'Shift_L', 'F12', 'Up', 'Hangul']);
    expect(x11Keysym('NotAKey')).toBeNull();
  });
});

function recordingBackend(): InputBackend & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    name: 'recording',
    move: (x, y) => calls.push(`move ${x} ${y}`),
    button: (a, b) => calls.push(`${a} ${b}`),
    wheel: (x, y) => calls.push(`wheel ${x} ${y}`),
    key: (a, c) => calls.push(`key ${a} ${c}`),
    type: (t) => calls.push(`type ${t}`),
    close: () => undefined,
  };
}

describe('remote control', () => {
  const display = { id: '1', name: 'right', primary: false, width: 800, height: 600, x: 1000, y: 0 };

  it('applies nothing until the engineer turns it on, and maps coordinates into the shared display', () => {
    const b = recordingBackend();
    const control = new RemoteControl(b, () => display);
    expect(control.apply({ type: 'pointer', action: 'move', x: 0.5, y: 0.5 })).toBe(false);
    control.engineer('request');
    expect(control.apply({ type: 'pointer', action: 'move', x: 0.5, y: 0.5 })).toBe(true);
    expect(control.apply({ type: 'wheel', x: 0, y: 0, deltaX: 0, deltaY: 300 })).toBe(true);
    expect(b.calls).toEqual(['move 1400 300', 'move 1000 0', 'wheel 0 3']);
  });

  it('releases every held key and button when paused, released or stopped', () => {
    const b = recordingBackend();
    const control = new RemoteControl(b, () => display);
    control.engineer('request');
    control.apply({ type: 'key', action: 'down', code: 'ShiftLeft' });
    control.apply({ type: 'pointer', action: 'down', x: 0, y: 0, button: 'right' });
    b.calls.length = 0;
    expect(control.toggleByUser()).toBe('paused');
    expect(b.calls).toEqual(['key up ShiftLeft', 'up right']);
    expect(control.apply({ type: 'text', text: 'x' })).toBe(false);
    // The engineer cannot override the user's pause.
    expect(control.engineer('request')).toBe('paused');
    expect(control.toggleByUser()).toBe('on');
    control.apply({ type: 'key', action: 'down', code: 'KeyA' });
    b.calls.length = 0;
    control.stop();
    expect(b.calls).toEqual(['key up KeyA']);
    expect(control.current).toBe('off');
  });

  it('carries small wheel deltas over to whole notches, and starts afresh when the direction turns', () => {
    const b = recordingBackend();
    const control = new RemoteControl(b, () => display);
    control.engineer('request');
    for (let i = 0; i < 4; i++) control.apply({ type: 'wheel', x: 0, y: 0, deltaX: 0, deltaY: 40 });
    expect(b.calls.filter((c) => c.startsWith('wheel'))).toEqual(['wheel 0 1']);
    b.calls.length = 0;
    // 60 px were left over; turning upwards drops them instead of cancelling the first step up.
    control.apply({ type: 'wheel', x: 0, y: 0, deltaX: 0, deltaY: -100 });
    control.apply({ type: 'wheel', x: 0, y: 0, deltaX: -250, deltaY: 0 });
    expect(b.calls.filter((c) => c.startsWith('wheel'))).toEqual(['wheel 0 -1', 'wheel -2 0']);
  });

  it('is unavailable without an input back end', () => {
    const control = new RemoteControl(null, () => display);
    expect(control.current).toBe('unavailable');
    expect(control.engineer('request')).toBe('unavailable');
  });
});

describe('the agent’s clock and terminal', () => {
  it('counts down from the remaining duration, warning and expiring on its own', async () => {
    const clock = testClock('2000-01-01T00:00:00Z'); // the wall time is irrelevant: only durations count
    const events: string[] = [];
    const countdown = new Countdown(clock, [10, 1], { warning: (m) => events.push(`warn ${m}`), expired: () => events.push('expired') });
    countdown.set(15 * 60_000);
    await clock.advance(5 * 60_000);
    expect(events).toEqual(['warn 10']);
    expect(countdown.remainingMs()).toBe(10 * 60_000);
    countdown.set(20 * 60_000); // extended
    await clock.advance(19 * 60_000);
    expect(events).toEqual(['warn 10', 'warn 10', 'warn 1']);
    await clock.advance(60_000);
    expect(events.at(-1)).toBe('expired');
  });

  it('answers a question with a typed line, or null when its time runs out; earlier lines are commands', async () => {
    const clock = testClock('2026-11-25T00:00:00Z');
    const input = new PassThrough();
    const output = new PassThrough();
    const terminal = new Terminal(input, output, clock);
    const commands: string[] = [];
    terminal.onCommand((l) => commands.push(l));
    input.write('early\n');
    await new Promise((r) => setImmediate(r));
    const answer = terminal.ask('Q? ', 5000);
    input.write(' yes \n');
    expect(await answer).toBe('yes');
    const silent = terminal.ask('Q2? ', 5000);
    await clock.advance(5000);
    expect(await silent).toBeNull();
    expect(commands).toEqual(['early']);
    terminal.close();
  });
});

describe('prompts that end before they are answered', () => {
  it('a withdrawn question answers null at once, and the next line is a command again', async () => {
    const clock = testClock('2026-11-25T00:00:00Z');
    const input = new PassThrough();
    const terminal = new Terminal(input, new PassThrough(), clock);
    const commands: string[] = [];
    terminal.onCommand((l) => commands.push(l));
    const withdrawn = new AbortController();
    const answer = terminal.ask('Q? ', 60_000, withdrawn.signal);
    withdrawn.abort();
    expect(await answer).toBeNull();
    input.write('q\n');
    await new Promise((r) => setImmediate(r));
    expect(commands).toEqual(['q']);
    expect(await terminal.ask('again? ', 60_000, withdrawn.signal)).toBeNull();
    terminal.close();
  });

  async function consentRequest(): Promise<ConsentRequest> {
    return {
      sessionId: 1, caseRef: 'C-1', engineerName: 'Kim', helpdeskName: 'HelpDesk', capabilities: ['view_screen'], diagnostics: [], everyActionLogged: true, canStopAnytime: true,
      timeLimitMinutes: 60, maxTotalMinutes: 360, text: { version: SESSION_CONSENT.version, sha256: { ko: await sha256Hex(SESSION_CONSENT.ko), en: await sha256Hex(SESSION_CONSENT.en) } },
      answerWithinSeconds: 300, answerWithinMs: 40_000, // the agent joined 260 s ago
    };
  }

  function promptAt(clock: TestClock) {
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d: Buffer) => (shown += d.toString()));
    const terminal = new Terminal(new PassThrough(), output, clock);
    return { deps: { terminal, messages: MESSAGES.en, language: 'en' as const, clock }, shown: () => shown, terminal };
  }

  it('the consent prompt runs to the deadline it is given (the server’s timer), not to its full length from now', async () => {
    const clock = testClock('2026-11-25T00:00:00Z');
    const p = promptAt(clock);
    let settled: unknown = null;
    void askSessionConsent(p.deps, await consentRequest(), { deadline: clock.now() + 40_000, withdrawn: new AbortController().signal }).then((r) => (settled = r));
    await vi.waitFor(() => expect(p.shown()).toContain('Type "yes" to accept or "no" to decline (40 s)'));
    await clock.advance(39_999);
    expect(settled).toBeNull();
    await clock.advance(1);
    expect(settled).toEqual({ declined: 'timeout' });
    p.terminal.close();
  });

  it('the consent prompt closes when it is withdrawn, and says so', async () => {
    const clock = testClock('2026-11-25T00:00:00Z');
    const p = promptAt(clock);
    const withdrawn = new AbortController();
    const result = askSessionConsent(p.deps, await consentRequest(), { deadline: clock.now() + 300_000, withdrawn: withdrawn.signal });
    await vi.waitFor(() => expect(p.shown()).toContain('Type "yes"'));
    withdrawn.abort();
    expect(await result).toEqual({ declined: 'withdrawn' });
    p.terminal.close();
  });
});

describe('the agent’s reports', () => {
  const chat = (text: string): SessionAction => ({ kind: 'chat', text });

  function queueWith(maxBytes?: number) {
    const sent: string[] = [];
    const logged: string[] = [];
    const replies: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
    const state = { connected: true };
    const queue = new ReportQueue(
      {
        send: (action) =>
          new Promise<void>((resolve, reject) => {
            sent.push(action.kind === 'chat' ? action.text : action.kind);
            replies.push({ resolve, reject });
          }),
        connected: () => state.connected,
        log: (event) => logged.push(event),
        setTimeout: (callback) => setImmediate(callback),
      },
      maxBytes,
    );
    const settle = async (how: 'ok' | 'lost' | 'refused') => {
      const reply = replies.shift()!;
      if (how === 'ok') reply.resolve();
      else reply.reject(how === 'refused' ? new AppError('VALIDATION_FAILED', 'no') : new Error('socket has been disconnected'));
      await new Promise((r) => setImmediate(r));
    };
    return { queue, sent, logged, state, settle };
  }

  it('go out one at a time in order, wait while the server is away, and are sent again after the reconnect', async () => {
    const q = queueWith();
    q.queue.add(chat('one'));
    q.queue.add(chat('two'));
    expect(q.sent).toEqual(['one']); // the second waits for the first's acknowledgement
    q.state.connected = false;
    await q.settle('lost');
    q.queue.add(chat('three'));
    expect(q.sent).toEqual(['one']);
    q.state.connected = true;
    q.queue.resume();
    expect(q.sent).toEqual(['one', 'one']);
    await q.settle('ok');
    await q.settle('ok');
    await q.settle('ok');
    expect(q.sent).toEqual(['one', 'one', 'two', 'three']);
    expect(q.queue.size).toBe(0);
    expect(await q.queue.flush(10)).toBe(true);
  });

  it('are given up only when the server refused one, with a line in the local log', async () => {
    const q = queueWith();
    q.queue.add(chat('bad'));
    q.queue.add(chat('good'));
    await q.settle('refused');
    expect(q.sent).toEqual(['bad', 'good']);
    expect(q.logged).toContain('report refused by the server');
  });

  it('past the memory bound are written to the local log instead of being queued', async () => {
    const q = queueWith(60);
    q.queue.add(chat('a'.repeat(20)));
    q.queue.add(chat('b'.repeat(20)));
    expect(q.queue.size).toBe(1);
    expect(q.logged).toEqual(['report not sent: too many waiting for the server']);
    const flushed = q.queue.flush(5);
    expect(await flushed).toBe(false);
  });
});

describe('small agent rules', () => {
  it('measure jitter, spot P2P clients and pick the language', () => {
    expect(jitter([10, 12, 9, 11])).toBeCloseTo((2 + 3 + 2) / 3);
    expect(['uTorrent.exe', 'qbittorrent', 'BitComet.exe', 'eMule.exe'].every((n) => P2P_PATTERN.test(n))).toBe(true);
    expect(P2P_PATTERN.test('chrome.exe')).toBe(false);
    expect(pickLanguage(undefined, { LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(pickLanguage('en', { LANG: 'ko_KR.UTF-8' })).toBe('en');
    expect(pickLanguage(undefined, {})).toBe('en');
  });
});
