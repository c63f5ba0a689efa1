import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { XDisplay } from './xvfb.js';

/*
 * Windows programs under Wine, for tests (see /work/shared/notes/windows-under-wine.md):
 *
 *   const x = await startXvfb(1280, 720);
 *   const wine = await createWinePrefix(x);            // fresh prefix, Windows 10, WINEDEBUG=-all
 *   await wine.run('C:\\path\\tool.exe', ['--help']);  // to its end, stdout/stderr via files
 *   wine.start('notepad');                             // a helper program in the background
 *   const app = await wine.console(exe, ['--lang', 'en']);  // a console program in a tmux pty
 *   await app.waitFor('Type "yes"'); await app.typeLine('yes');
 *   await wine.stop();                                 // wineserver -k, tmux, prefix deleted
 *
 * One prefix per test file: creating one takes several seconds.
 */
const execFileAsync = promisify(execFile);

/** Debian's `wine64` package puts the loader here, not on PATH. */
export const WINE = process.env['RA_WINE'] ?? '/usr/lib/wine/wine64';
const WINESERVER = process.env['RA_WINESERVER'] ?? '/usr/lib/wine/wineserver';

export const wineAvailable = () => existsSync(WINE) && existsSync(WINESERVER);

/** A Windows console program running in a tmux pane (a pty: Node's stdio on a pipe fails under Wine). */
export interface WineConsole {
  /** Everything the pane showed so far (wrapped lines joined). */
  screen(): Promise<string>;
  /**
   * Waits until `text` is on the pane. Anywhere on it: Wine's console repaints the screen rather
   * than appending to it, so positions are no order of events — wait for texts that are new.
   */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Types a line and Enter, as a user at the console. */
  typeLine(line: string): Promise<void>;
  /** The program's exit code, once it has ended. */
  exited: Promise<number>;
}

export interface WinePrefix {
  /** The prefix folder (WINEPREFIX) and the environment every Wine call of this prefix gets. */
  prefix: string;
  env: Record<string, string>;
  /** A Linux path inside the prefix for a path under C:\ ("C:\\users" → …/drive_c/users). */
  linuxPath(windowsPath: string): string;
  /** The Windows user's %LOCALAPPDATA%, as a Linux path. */
  localAppData: string;
  /** Runs a Windows program to its end, stdout and stderr into files. */
  run(program: string, args?: string[], options?: { timeoutMs?: number; env?: Record<string, string> }): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Starts a Windows program in the background (notepad, a stand-in P2P client…), output discarded. */
  start(program: string, args?: string[]): ChildProcess;
  /** Starts a Windows console program in its own tmux pane. */
  console(program: string, args?: string[], env?: Record<string, string>): Promise<WineConsole>;
  /** Ends every Windows program of the prefix (wineserver -k), the tmux server, and deletes the prefix. */
  stop(): Promise<void>;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A fresh Wine prefix in a temporary folder, set to report Windows 10 (Node 22 refuses older
 * versions), with Wine's debug output off, drawing on the given Xvfb display. One per test file:
 * the first start of a prefix takes several seconds.
 */
export async function createWinePrefix(x: XDisplay): Promise<WinePrefix> {
  const root = mkdtempSync(join(tmpdir(), 'ra-wine-'));
  const prefix = join(root, 'prefix');
  const env: Record<string, string> = { WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'winemenubuilder.exe=d', DISPLAY: x.display };
  const fullEnv = (extra: Record<string, string> = {}) => ({ ...process.env, ...env, ...extra });
  const tmuxSocket = `ra-wine-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const children: ChildProcess[] = [];
  let runs = 0;

  const run: WinePrefix['run'] = async (program, args = [], options = {}) => {
    const n = runs++;
    const out = join(root, `run-${n}.out`);
    const err = join(root, `run-${n}.err`);
    const child = spawn(WINE, [program, ...args], { env: fullEnv(options.env), stdio: ['ignore', openSync(out, 'w'), openSync(err, 'w')] });
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${program} did not finish within ${options.timeoutMs ?? 60_000} ms`));
      }, options.timeoutMs ?? 60_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    return { code, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
  };

  const created = await run('reg', ['add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], { timeoutMs: 120_000 });
  if (created.code !== 0) throw new Error(`could not set up the Wine prefix: ${created.stderr}`);

  let panes = 0;
  const wineConsole: WinePrefix['console'] = async (program, args = [], extraEnv = {}) => {
    const name = `w${panes++}`;
    const status = join(root, `${name}.status`);
    const envArgs = Object.entries({ ...env, ...extraEnv }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const command = `${[WINE, program, ...args].map(quote).join(' ')}; echo $? > ${quote(status)}; sleep 3600`;
    await execFileAsync('tmux', ['-L', tmuxSocket, 'new-session', '-d', '-s', name, '-x', '220', '-y', '60', ...envArgs, command], { env: fullEnv(extraEnv) });
    const screen = async () => (await execFileAsync('tmux', ['-L', tmuxSocket, 'capture-pane', '-p', '-J', '-S', '-5000', '-t', name])).stdout;
    const exited = new Promise<number>((resolve) => {
      const poll = setInterval(() => {
        if (!existsSync(status)) return;
        const text = readFileSync(status, 'utf8').trim();
        if (!text) return;
        clearInterval(poll);
        resolve(Number(text));
      }, 200);
      poll.unref();
    });
    return {
      screen,
      exited,
      async waitFor(text, timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const all = await screen();
          if (typeof text === 'string' ? all.includes(text) : text.test(all)) return;
          if (Date.now() > deadline) throw new Error(`the console never showed ${String(text)}; it shows:\n${all}`);
          await new Promise((r) => setTimeout(r, 250));
        }
      },
      async typeLine(line) {
        // -l: the text literally (no key names), then Enter as its own key.
        await execFileAsync('tmux', ['-L', tmuxSocket, 'send-keys', '-t', name, '-l', line]);
        await execFileAsync('tmux', ['-L', tmuxSocket, 'send-keys', '-t', name, 'Enter']);
      },
    };
  };

  return {
    prefix,
    env,
    linuxPath: (windowsPath) => join(prefix, 'drive_c', ...windowsPath.replace(/^[cC]:\\?/, '').split('\\').filter(Boolean)),
    localAppData: join(prefix, 'drive_c', 'users', userInfo().username, 'AppData', 'Local'),
    run,
    start(program, args = []) {
      const child = spawn(WINE, [program, ...args], { env: fullEnv(), stdio: 'ignore' });
      children.push(child);
      return child;
    },
    console: wineConsole,
    async stop() {
      await execFileAsync('tmux', ['-L', tmuxSocket, 'kill-server']).catch(() => undefined); // no tmux server was started: nothing to end
      // tmux may leave its socket file behind.
      rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, tmuxSocket), { force: true });
      await execFileAsync(WINESERVER, ['-k'], { env: fullEnv() }).catch(() => undefined); // the prefix's server had already ended
      for (const child of children) child.kill('SIGKILL');
      // wineserver -k returns before every process is gone; give them a moment before deleting.
      await new Promise((r) => setTimeout(r, 500));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Makes a folder inside the prefix (by its Windows path) and returns its Linux path. */
export function ensureWindowsFolder(wine: WinePrefix, windowsPath: string): string {
  const path = wine.linuxPath(windowsPath);
  mkdirSync(path, { recursive: true });
  return path;
}
