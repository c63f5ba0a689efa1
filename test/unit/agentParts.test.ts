import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Countdown } from '../../agent/countdown.js';
import { jitter } from '../../agent/diagnostics/network.js';
import { P2P_PATTERN } from '../../agent/diagnostics/system.js';
import { pickLanguage } from '../../agent/i18n.js';
import type { InputBackend } from '../../agent/input/backend.js';
import { RemoteControl } from '../../agent/input/control.js';
import { x11Keysym } from '../../agent/input/keys.js';
import { Terminal } from '../../agent/terminal.js';
import { adapt, QUALITY_LEVELS } from '../../agent/video/adapt.js';
import { FrameSplitter, frameSizeFor } from '../../agent/video/capture.js';
import { parseMonitors } from '../../agent/video/x11.js';
import { testClock } from '../support/clock.js';

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

  it('adapt to CPU: frame rate first on load, back up slowly when calm', () => {
    let s = { level: 0, calm: 0 };
    s = adapt(s, 95);
    expect(QUALITY_LEVELS[s.level]).toEqual({ fps: 10, scale: 1 });
    s = adapt(s, 95);
    expect(QUALITY_LEVELS[s.level]).toEqual({ fps: 10, scale: 0.75 });
    s = adapt(adapt(s, 30), 30);
    expect(s.level).toBe(2);
    s = adapt(s, 30);
    expect(s.level).toBe(1);
    expect(adapt({ level: 4, calm: 0 }, 99).level).toBe(4);
    expect(adapt({ level: 1, calm: 2 }, 70)).toEqual({ level: 1, calm: 0 });
  });

  it('read monitors from xrandr', () => {
    const out = 'Monitors: 2\n 0: +*HDMI-1 1920/527x1080/296+0+0  HDMI-1\n 1: +DP-1 1280/339x1024/271+1920+0  DP-1\n';
    expect(parseMonitors(out)).toEqual([
      { id: '0', name: 'HDMI-1', primary: true, width: 1920, height: 1080, x: 0, y: 0 },
      { id: '1', name: 'DP-1', primary: false, width: 1280, height: 1024, x: 1920, y: 0 },
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
