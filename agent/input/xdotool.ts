import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { MouseButton } from '../../shared/protocol/dataChannel.js';
import type { InputBackend } from './backend.js';
import { x11Keysym } from './keys.js';

const BUTTONS: Record<MouseButton, number> = { left: 1, middle: 2, right: 3 };
/** Keysyms per `key` line: keeps a 1,000-character text well inside xdotool's line buffer. */
const KEYSYMS_PER_LINE = 64;

/**
 * Text as X keysyms, one per character: `U` and the code point in hex (X maps any Unicode
 * character that way; xdotool binds a spare keycode for those the keyboard lacks). Only hex
 * digits reach xdotool's command parser, so no text — quotes, `#`, newlines, leading dashes —
 * can change a command or start another. Newline and tab are their keys; other control
 * characters are not typed.
 */
export function textToKeysyms(text: string): string[] {
  const keysyms: string[] = [];
  for (const char of text.replace(/\r\n?/g, '\n')) {
    const point = char.codePointAt(0)!;
    if (char === '\n') keysyms.push('Return');
    else if (char === '\t') keysyms.push('Tab');
    else if (point >= 0x20 && point !== 0x7f) keysyms.push(`U${point.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return keysyms;
}

/**
 * X11 input through xdotool: one long-lived `xdotool -` reads a command per line (a process per
 * pointer move would be far too slow). Everything — pointer, buttons, wheel, keys and text —
 * goes through that one pipe, so the desktop gets it strictly in the order it arrived.
 */
export function xdotoolInput(display = process.env['DISPLAY'] ?? ':0', onError: (error: Error) => void = () => undefined): InputBackend {
  const env = { ...process.env, DISPLAY: display };
  let child: ChildProcessWithoutNullStreams | null = null;
  const send = (command: string) => {
    if (!child || child.exitCode !== null) {
      child = spawn('xdotool', ['-'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      child.on('error', onError);
      child.stdin.on('error', onError);
    }
    child.stdin.write(`${command}\n`);
  };
  return {
    name: 'xdotool',
    move: (x, y) => send(`mousemove ${Math.round(x)} ${Math.round(y)}`),
    button: (action, button) => send(`${action === 'down' ? 'mousedown' : 'mouseup'} ${BUTTONS[button]}`),
    wheel: (nx, ny) => {
      for (let i = 0; i < Math.abs(ny); i++) send(`click ${ny > 0 ? 5 : 4}`);
      for (let i = 0; i < Math.abs(nx); i++) send(`click ${nx > 0 ? 7 : 6}`);
    },
    key: (action, code) => {
      const keysym = x11Keysym(code);
      if (keysym) send(`${action === 'down' ? 'keydown' : 'keyup'} ${keysym}`);
    },
    type: (text) => {
      const keysyms = textToKeysyms(text);
      for (let i = 0; i < keysyms.length; i += KEYSYMS_PER_LINE) send(`key --delay 0 ${keysyms.slice(i, i + KEYSYMS_PER_LINE).join(' ')}`);
    },
    close: () => {
      child?.stdin.end();
      child = null;
    },
  };
}
