import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface XDisplay {
  display: string;
  width: number;
  height: number;
  env: Record<string, string>;
  /** Runs an X client on this display (xdotool, xev, xrandr…). */
  exec(program: string, args: string[]): Promise<string>;
  spawn(program: string, args: string[]): ChildProcess;
  pointer(): Promise<{ x: number; y: number }>;
  stop(): Promise<void>;
}

/**
 * A real X server (Xvfb) for one test file, on a display number of its own. `-noreset` keeps
 * its state (the pointer position) when the last client leaves; `-br` makes the root black.
 */
export async function startXvfb(width = 1280, height = 720): Promise<XDisplay> {
  let number = 200 + Math.floor(Math.random() * 500);
  while (existsSync(`/tmp/.X11-unix/X${number}`)) number++;
  const display = `:${number}`;
  const server = spawn('Xvfb', [display, '-screen', '0', `${width}x${height}x24`, '-noreset', '-br', '-nolisten', 'tcp', '+extension', 'RANDR'], { stdio: 'ignore' });
  const env = { DISPLAY: display };
  for (let i = 0; i < 100 && !existsSync(`/tmp/.X11-unix/X${number}`); i++) await new Promise((r) => setTimeout(r, 50));
  const clients: ChildProcess[] = [];
  const x: XDisplay = {
    display,
    width,
    height,
    env,
    exec: async (program, args) => (await run(program, args, { env: { ...process.env, ...env } })).stdout,
    spawn: (program, args) => {
      const child = spawn(program, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      clients.push(child);
      return child;
    },
    pointer: async () => {
      const out = await x.exec('xdotool', ['getmouselocation']);
      const m = /x:(\d+) y:(\d+)/.exec(out);
      return { x: Number(m?.[1]), y: Number(m?.[2]) };
    },
    stop: async () => {
      for (const c of clients) c.kill();
      server.kill();
      await new Promise((r) => server.once('exit', r));
    },
  };
  // Wait until the server answers.
  for (let i = 0; i < 50; i++) {
    try {
      await x.exec('xdotool', ['getdisplaygeometry']);
      return x;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Xvfb ${display} did not start`);
}
