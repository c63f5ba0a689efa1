import type { MouseButton } from '../../shared/protocol/dataChannel.js';
import { type Input, type User32 } from '../windows/user32.js';
import type { InputBackend } from './backend.js';
import { windowsKey } from './windowsKeys.js';

const INPUT_MOUSE = 0;
const INPUT_KEYBOARD = 1;
const MOUSEEVENTF = { MOVE: 0x0001, WHEEL: 0x0800, HWHEEL: 0x1000, VIRTUALDESK: 0x4000, ABSOLUTE: 0x8000 } as const;
const BUTTON_FLAGS: Record<MouseButton, { down: number; up: number }> = {
  left: { down: 0x0002, up: 0x0004 },
  right: { down: 0x0008, up: 0x0010 },
  middle: { down: 0x0020, up: 0x0040 },
};
const KEYEVENTF = { EXTENDEDKEY: 0x0001, KEYUP: 0x0002, UNICODE: 0x0004, SCANCODE: 0x0008 } as const;
const WHEEL_DELTA = 120;
const SM = { XVIRTUALSCREEN: 76, YVIRTUALSCREEN: 77, CXVIRTUALSCREEN: 78, CYVIRTUALSCREEN: 79 } as const;
/** Enter goes as the Enter key, so a line break in typed text works in every program. */
const ENTER = windowsKey('Enter')!;

/**
 * Marks every event the agent injects (dwExtraInfo, read back with GetMessageExtraInfo): the
 * agent's own windows ignore marked clicks, so the engineer's remote pointer can never press
 * Accept, or Resume, in the user's place.
 */
export const AGENT_INPUT_MARK = 0x52410001;

export interface VirtualDesktop { x: number; y: number; width: number; height: number }

/** Screen pixel → SendInput's absolute coordinate (0..65535 across the whole virtual desktop). */
export function toAbsolute(x: number, y: number, desk: VirtualDesktop): { dx: number; dy: number } {
  const scale = (value: number, origin: number, size: number) => {
    const clamped = Math.min(Math.max(value - origin, 0), size - 1);
    return Math.round((clamped * 65535) / Math.max(1, size - 1));
  };
  return { dx: scale(x, desk.x, desk.width), dy: scale(y, desk.y, desk.height) };
}

/** The key events that type a text: one down and up per UTF-16 unit (both halves of a surrogate pair). */
export function textInputs(text: string): Input[] {
  const inputs: Input[] = [];
  // A string iterates by code point: an emoji is one `ch` of two UTF-16 units.
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    if (ch === '\n') {
      inputs.push(keyInput(ENTER.vk, ENTER.scan, KEYEVENTF.SCANCODE), keyInput(ENTER.vk, ENTER.scan, KEYEVENTF.SCANCODE | KEYEVENTF.KEYUP));
      continue;
    }
    for (let unit = 0; unit < ch.length; unit++) {
      const code = ch.charCodeAt(unit);
      inputs.push(keyInput(0, code, KEYEVENTF.UNICODE), keyInput(0, code, KEYEVENTF.UNICODE | KEYEVENTF.KEYUP));
    }
  }
  return inputs;
}

/** The key event for a KeyboardEvent.code, by scan code; null for a code we do not send. */
export function keyCodeInput(action: 'down' | 'up', code: string): Input | null {
  const key = windowsKey(code);
  if (!key) return null;
  const up = action === 'up' ? KEYEVENTF.KEYUP : 0;
  if (key.scan === 0) return keyInput(key.vk, 0, up);
  return keyInput(key.vk, key.scan, KEYEVENTF.SCANCODE | (key.extended ? KEYEVENTF.EXTENDEDKEY : 0) | up);
}

function keyInput(wVk: number, wScan: number, dwFlags: number): Input {
  return { type: INPUT_KEYBOARD, u: { ki: { wVk, wScan, dwFlags, time: 0, dwExtraInfo: AGENT_INPUT_MARK } } };
}

function mouseInput(dwFlags: number, dx = 0, dy = 0, mouseData = 0): Input {
  return { type: INPUT_MOUSE, u: { mi: { dx, dy, mouseData, dwFlags, time: 0, dwExtraInfo: AGENT_INPUT_MARK } } };
}

function virtualDesktop(api: User32): VirtualDesktop {
  return {
    x: api.GetSystemMetrics(SM.XVIRTUALSCREEN),
    y: api.GetSystemMetrics(SM.YVIRTUALSCREEN),
    width: api.GetSystemMetrics(SM.CXVIRTUALSCREEN),
    height: api.GetSystemMetrics(SM.CYVIRTUALSCREEN),
  };
}

/**
 * Windows input through user32's SendInput (called through koffi, in this process): the pointer
 * absolute over the whole virtual desktop (every monitor), buttons, the wheel in notches of 120,
 * keys by scan code, text as Unicode key events. Holds nothing itself: RemoteControl releases
 * what it pressed (`key('up')`, `button('up')`) on pause, stop and end. SendInput refuses input
 * to a program running with higher rights than the agent (UIPI); that is reported, not hidden.
 */
export function windowsInput(api: User32, onError: (error: Error) => void = () => undefined): InputBackend {
  const send = (inputs: Input[], what: string) => {
    if (inputs.length === 0) return;
    const sent = api.SendInput(inputs.length, inputs, api.inputSize);
    if (sent !== inputs.length) onError(new Error(`SendInput accepted ${sent} of ${inputs.length} events (${what}); Windows blocks input to programs with higher rights`));
  };
  return {
    name: 'SendInput',
    move: (x, y) => {
      // The desktop is read at every move: monitors can be added, moved or rescaled mid-session.
      const { dx, dy } = toAbsolute(x, y, virtualDesktop(api));
      send([mouseInput(MOUSEEVENTF.MOVE | MOUSEEVENTF.ABSOLUTE | MOUSEEVENTF.VIRTUALDESK, dx, dy)], 'move');
    },
    button: (action, button) => send([mouseInput(BUTTON_FLAGS[button][action])], `${button} ${action}`),
    wheel: (notchesX, notchesY) => {
      // Windows: a positive wheel delta scrolls up (away from the user); ours scrolls down.
      if (notchesY) send([mouseInput(MOUSEEVENTF.WHEEL, 0, 0, -notchesY * WHEEL_DELTA)], 'wheel');
      if (notchesX) send([mouseInput(MOUSEEVENTF.HWHEEL, 0, 0, notchesX * WHEEL_DELTA)], 'horizontal wheel');
    },
    key: (action, code) => {
      const input = keyCodeInput(action, code);
      if (input) send([input], `key ${code} ${action}`);
    },
    type: (text) => send(textInputs(text), 'text'),
    close: () => undefined,
  };
}
