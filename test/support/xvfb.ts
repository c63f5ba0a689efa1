import { type ChildProcess, execFile, spawn } from 'node:child_process';
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
 * A real X server (Xvfb) for one test file, on a display number of its own: Xvfb picks a free
 * one itself and tells it on `-displayfd` once it listens, so test files (and other programs)
 * starting X servers at the same time never share one. `-noreset` keeps its state (the pointer
 * position) when the last client leaves; `-br` makes the root black.
 */
export async function startXvfb(width = 1280, height = 720): Promise<XDisplay> {
  const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-noreset', '-br', '-nolisten', 'tcp', '+extension', 'RANDR'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdio[3]!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    server.once('exit', (code) => reject(new Error(`Xvfb exited with ${code} before it listened`)));
  });
  const display = `:${number}`;
  const env = { DISPLAY: display };
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
