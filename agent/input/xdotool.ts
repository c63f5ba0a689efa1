import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { MouseButton } from '../../shared/protocol/dataChannel.js';
import type { InputBackend } from './backend.js';
import { x11Keysym } from './keys.js';

const BUTTONS: Record<MouseButton, number> = { left: 1, middle: 2, right: 3 };
/** Keysyms per `key` line: keeps a 1,000-character text well inside xdotool's line buffer. */
const KEYSYMS_PER_LINE = 64;
/**
 * A character the keyboard lacks is typed on a spare keycode that xdotool binds for it and
 * unbinds right after; an application that reads the key event after the unbinding sees no
 * symbol at all. Such characters get time between keys (as `xdotool type` gives every key) so
 * the application reads them while they are bound; the keyboard's own keys go at once.
 */
const REBOUND_KEY_DELAY_MS = 25;

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

/** Printable ASCII, Return and Tab are on every keyboard map xdotool meets; the rest is rebound. */
function onEveryKeyboard(keysym: string): boolean {
  if (keysym === 'Return' || keysym === 'Tab') return true;
  return parseInt(keysym.slice(1), 16) < 0x7f;
}

/** Consecutive keysyms split by whether the keyboard has them, in order. */
export function keysymRuns(keysyms: string[]): Array<{ onKeyboard: boolean; keysyms: string[] }> {
  const runs: Array<{ onKeyboard: boolean; keysyms: string[] }> = [];
  for (const keysym of keysyms) {
    const onKeyboard = onEveryKeyboard(keysym);
    const last = runs.at(-1);
    if (last && last.onKeyboard === onKeyboard) last.keysyms.push(keysym);
    else runs.push({ onKeyboard, keysyms: [keysym] });
  }
  return runs;
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
      for (const run of keysymRuns(textToKeysyms(text))) {
        const delay = run.onKeyboard ? 0 : REBOUND_KEY_DELAY_MS;
        for (let i = 0; i < run.keysyms.length; i += KEYSYMS_PER_LINE) send(`key --delay ${delay} ${run.keysyms.slice(i, i + KEYSYMS_PER_LINE).join(' ')}`);
      }
    },
    close: () => {
      child?.stdin.end();
      child = null;
    },
  };
}
