import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import type { MouseButton } from '../../shared/protocol/dataChannel.js';
import type { InputBackend } from './backend.js';
import { x11Keysym } from './keys.js';

const BUTTONS: Record<MouseButton, number> = { left: 1, middle: 2, right: 3 };

/**
 * X11 input through xdotool. One long-lived `xdotool -` reads a command per line (starting a
 * process per pointer move would be far too slow); text goes through `xdotool type` with the
 * text as an argument, never through a command line we build.
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
      execFile('xdotool', ['type', '--delay', '0', '--', text], { env }, (error) => error && onError(error));
    },
    close: () => {
      child?.stdin.end();
      child = null;
    },
  };
}
