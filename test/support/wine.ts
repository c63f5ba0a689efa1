import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { nativeAddons } from '../../agent/build/bundle.js';
import { fetchPiece, readManifest } from '../../agent/build/pieces.js';
import { PIECES_CACHE } from './agentBuild.js';
import { ROOT } from './processes.js';
import { type FixtureLink, listenForFixtures } from './windowsSide/link.js';
import type { XDisplay } from './xvfb.js';

/*
 * Windows programs under Wine, for tests (see /work/shared/notes/windows-under-wine.md):
 *
 *   const x = await startXvfb(1280, 720);
 *   const wine = await createWinePrefix(x);              // fresh prefix: Windows 10, a Hangul font, Wine's own window frames
 *   await wine.run(exe, ['--help']);                     // to its end, stdout/stderr via files
 *   const app = wine.start(exe, ['--server', url]);      // in the background, output to a file
 *   const desk = await openDesktop(wine, x);             // the desktop as a user sees it: windows, controls by accessible name
 *   await wine.stop();                                   // wineserver -k, prefix deleted
 *
 * One prefix per test file: creating one takes several seconds. Windows' node.exe and koffi's
 * Windows binary are the build's own pinned pieces (agent/build/pieces.json, cached in
 * .cache/agent-build/), so the tests run what the executable carries.
 */
const execFileAsync = promisify(execFile);

/** Debian's `wine64` package puts the loader here, not on PATH. */
export const WINE = process.env['RA_WINE'] ?? '/usr/lib/wine/wine64';
const WINESERVER = process.env['RA_WINESERVER'] ?? '/usr/lib/wine/wineserver';
/** Wine takes Windows' UI language from the Unix locale (.ci/run generates ko_KR.UTF-8). */
export const KOREAN_LOCALE = { LANG: 'ko_KR.UTF-8', LC_ALL: 'ko_KR.UTF-8' };
export const ENGLISH_LOCALE = { LANG: 'en_US.UTF-8', LC_ALL: '' };

export const wineAvailable = () => existsSync(WINE) && existsSync(WINESERVER);

/** The Windows path of a Linux file: Wine maps Z: to /. */
export function winPath(path: string): string {
  return `Z:${path.replace(/\//g, '\\')}`;
}

/** The Windows runtime and koffi binary the build pins, fetched and checked once into the build's cache. */
export async function windowsPieces(): Promise<{ nodeExe: string; koffiNode: string }> {
  const win = readManifest(join(ROOT, 'agent', 'build', 'pieces.json')).targets['win-x64'];
  const koffi = win.assets['koffi.node'];
  if (!koffi) throw new Error('pieces.json names no koffi.node for win-x64');
  return { nodeExe: await fetchPiece(win.runtime, PIECES_CACHE), koffiNode: await fetchPiece(koffi, PIECES_CACHE) };
}

/** The Windows-side test programs make no WebRTC connection: the agent's import of wrtc gets an empty module. */
const withoutWebRtc: Plugin = {
  name: 'without-webrtc',
  setup(b) {
    b.onResolve({ filter: /^@roamhq\/wrtc$/ }, () => ({ path: 'wrtc', namespace: 'without-webrtc' }));
    b.onLoad({ filter: /.*/, namespace: 'without-webrtc' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/**
 * Bundles a TypeScript entry for node.exe into one CommonJS file; koffi's loader is pointed at
 * the pinned Windows binary (a bundle run by node.exe has no node_modules to find it in).
 */
export async function bundleForWindows(entry: string, name: string): Promise<string> {
  const { koffiNode } = await windowsPieces();
  const outfile = join(PIECES_CACHE, 'wine-tests', `${name}.cjs`);
  const dlopen = (path: string) => `(() => { const m = { exports: {} }; process.dlopen(m, ${JSON.stringify(winPath(path))}); return m.exports; })()`;
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    logLevel: 'error',
    plugins: [nativeAddons((addon) => (addon === 'koffi.node' ? dlopen(koffiNode) : 'null')), withoutWebRtc],
  });
  return outfile;
}

export interface WineProgram {
  child: ChildProcess;
  /** What it wrote to stdout and stderr (a file: Node's stdio on a pipe fails under Wine). */
  output(): string;
  exited: Promise<number | null>;
}

export interface WinePrefix {
  /** The prefix folder (WINEPREFIX) and the environment every Wine call of this prefix gets. */
  prefix: string;
  env: Record<string, string>;
  /** A Linux path inside the prefix for a path under C:\ ("C:\\users" → …/drive_c/users). */
  linuxPath(windowsPath: string): string;
  /** The Windows user's %LOCALAPPDATA%, as a Linux path. */
  localAppData: string;
  /** Runs a Windows program to its end. */
  run(program: string, args?: string[], options?: { timeoutMs?: number; env?: Record<string, string>; pipes?: boolean }): Promise<{ code: number | null; output: string }>;
  /**
   * Starts a Windows program in the background (the agent, notepad, a stand-in P2P client…).
   * `pipes`: stdout and stderr on pipes instead of a file — under Wine, Node cannot open those
   * (EBADF on first use), the harshest stand-in for a program started without a console.
   */
  start(program: string, args?: string[], env?: Record<string, string>, options?: { pipes?: boolean }): WineProgram;
  /** Starts node.exe (the pinned one) on a bundle from `bundleForWindows`. */
  node(bundle: string, args?: string[], env?: Record<string, string>): Promise<WineProgram>;
  /** Ends every Windows program of the prefix (wineserver -k) and deletes the prefix. */
  stop(): Promise<void>;
}

/** A REG_MULTI_SZ value as regedit's hex(7): UTF-16LE strings, each NUL-terminated, then a final NUL. */
function utf16Multi(values: string[]): string {
  const bytes = Buffer.from(`${values.join('\0')}\0\0`, 'utf16le');
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(',');
}

/**
 * The prefix's settings besides the Windows version: Wine drawing its own window frames (no
 * window manager on Xvfb, and screenshots show the title bar), and a Hangul face linked into the
 * system fonts, so Korean titles show (Windows has Malgun Gothic for that).
 */
const PREFIX_SETTINGS = [
  'REGEDIT4',
  '',
  '[HKEY_CURRENT_USER\\Software\\Wine\\X11 Driver]',
  '"Managed"="N"',
  '',
  '[HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\FontLink\\SystemLink]',
  ...['Tahoma', 'Microsoft Sans Serif', 'MS Shell Dlg', 'MS Shell Dlg 2', 'Segoe UI'].map((face) => `"${face}"=hex(7):${utf16Multi(['NanumGothic.ttf,NanumGothic'])}`),
  '',
].join('\r\n');

/** A fresh Wine prefix in a temporary folder, with Wine's debug output off, drawing on the given Xvfb display. */
export async function createWinePrefix(x: XDisplay): Promise<WinePrefix> {
  const root = mkdtempSync(join(tmpdir(), 'ra-wine-'));
  const prefix = join(root, 'prefix');
  const env: Record<string, string> = { WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=;winemenubuilder.exe=d', DISPLAY: x.display };
  const programs: WineProgram[] = [];

  const start: WinePrefix['start'] = (program, args = [], extra = {}, options = {}) => {
    const out = join(root, `out-${programs.length}.txt`);
    const fd = openSync(out, 'w');
    const child = spawn(WINE, [program, ...args], { env: { ...process.env, ...env, ...extra }, stdio: ['ignore', options.pipes ? 'pipe' : fd, options.pipes ? 'pipe' : fd] });
    // What a program manages to write to a pipe still goes to the file.
    child.stdout?.on('data', (d: Buffer) => appendFileSync(out, d));
    child.stderr?.on('data', (d: Buffer) => appendFileSync(out, d));
    const started: WineProgram = {
      child,
      output: () => (existsSync(out) ? readFileSync(out, 'utf8') : ''),
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    programs.push(started);
    return started;
  };

  const run: WinePrefix['run'] = async (program, args = [], options = {}) => {
    const p = start(program, args, options.env, { pipes: options.pipes ?? false });
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        p.child.kill('SIGKILL');
        reject(new Error(`${program} did not finish within ${timeoutMs} ms:\n${p.output()}`));
      }, timeoutMs);
    });
    const code = await Promise.race([p.exited, late]).finally(() => clearTimeout(timer));
    return { code, output: p.output() };
  };

  // Windows 10 (Node 22 refuses older versions), set the way winecfg does it: the version Windows
  // reports and the registry's CurrentVersion keys (product name, build) then agree, as on a real PC.
  const created = await run('winecfg', ['-v', 'win10'], { timeoutMs: 180_000 });
  if (created.code !== 0) throw new Error(`could not create the Wine prefix: ${created.output}`);
  const settings = join(root, 'settings.reg');
  writeFileSync(settings, PREFIX_SETTINGS);
  const set = await run('regedit', ['/S', winPath(settings)]);
  if (set.code !== 0) throw new Error(`could not set up the Wine prefix: ${set.output}`);

  return {
    prefix,
    env,
    linuxPath: (windowsPath) => join(prefix, 'drive_c', ...windowsPath.replace(/^[cC]:\\?/, '').split('\\').filter(Boolean)),
    localAppData: join(prefix, 'drive_c', 'users', userInfo().username, 'AppData', 'Local'),
    run,
    start,
    node: async (bundle, args = [], extra = {}) => start((await windowsPieces()).nodeExe, [winPath(bundle), ...args], extra),
    async stop() {
      for (const p of programs) p.child.kill('SIGKILL');
      await execFileAsync(WINESERVER, ['-k'], { env: { ...process.env, ...env } }).catch(() => undefined); // the prefix's server had already ended
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

/** A real click on the X display, where a person would click (never a message to the window). */
export async function clickAt(x: XDisplay, point: { x: number; y: number }): Promise<void> {
  await x.exec('xdotool', ['mousemove', String(Math.round(point.x)), String(Math.round(point.y)), 'click', '1']);
}

export function centre(rect: WinRect): { x: number; y: number } {
  return { x: (rect.left + rect.right) / 2, y: (rect.top + rect.bottom) / 2 };
}

/** A screenshot of the display (or one window's rectangle) to test-output/screenshots/agent-<name>.png. */
export async function screenshot(x: XDisplay, name: string, rect?: WinRect): Promise<string> {
  const dir = join(ROOT, 'test-output/screenshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `agent-${name}.png`);
  await x.exec('import', ['-window', 'root', file]);
  if (rect) await execFileAsync('convert', [file, '-crop', `${rect.right - rect.left}x${rect.bottom - rect.top}+${rect.left}+${rect.top}`, '+repage', file]);
  return file;
}

export interface WinRect { left: number; top: number; right: number; bottom: number }
export interface WinWindow { hwnd: string; cls: string; text: string; rect: WinRect; visible: boolean; enabled: boolean; topmost: boolean }
export interface WinControl { hwnd: string; cls: string; text: string; name: string; rect: WinRect; visible: boolean; enabled: boolean; id: number }

/** The Windows-side test programs (test/support/windowsSide), in one bundle for node.exe. */
export const WINDOWS_SIDE = 'test/support/windowsSide/main.ts';

/**
 * The Windows desktop of a prefix as a user (and a screen reader) meets it: the probe, a Windows
 * program of its own, lists windows and names controls; clicks and typing are real X input.
 */
export async function openDesktop(wine: WinePrefix, x: XDisplay, bundleName: string): Promise<{ desk: Desktop; fixtures: Awaited<ReturnType<typeof listenForFixtures>>; bundle: string; close(): Promise<void> }> {
  const bundle = await bundleForWindows(WINDOWS_SIDE, bundleName);
  const fixtures = await listenForFixtures();
  await wine.node(bundle, ['probe', String(fixtures.port)]);
  const probe = await fixtures.accept('probe', 120_000);
  return {
    desk: new Desktop(x, probe),
    fixtures,
    bundle,
    close: async () => {
      probe.close();
      await fixtures.close();
    },
  };
}

/**
 * The Windows desktop as a user (and a screen reader) meets it: windows by title, controls by
 * accessible name (through the probe, from outside the program under test), and real clicks
 * and typing on the X display.
 */
export class Desktop {
  constructor(
    private readonly x: XDisplay,
    readonly probe: FixtureLink,
  ) {}

  windows(): Promise<WinWindow[]> {
    return this.probe.call<WinWindow[]>('windows');
  }

  /** The visible top-level window whose title matches, once it is there. */
  async window(title: RegExp, timeoutMs = 10_000): Promise<WinWindow> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.windows()).find((w) => title.test(w.text));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no window titled ${title}; there are: ${(await this.windows()).map((w) => w.text).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async gone(title: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.windows()).some((w) => title.test(w.text))) {
      if (Date.now() > deadline) throw new Error(`window ${title} is still open`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  controls(window: WinWindow): Promise<WinControl[]> {
    return this.probe.call<WinControl[]>('controls', { hwnd: window.hwnd });
  }

  /** The control with this accessible name (a button's text, a field's label). */
  async control(window: WinWindow, name: string | RegExp, cls?: string): Promise<WinControl> {
    const all = await this.controls(window);
    const found = all.find((c) => (typeof name === 'string' ? c.name === name : name.test(c.name)) && (!cls || c.cls.toLowerCase() === cls.toLowerCase()));
    if (!found) throw new Error(`no control named ${String(name)} in "${window.text}": ${all.map((c) => `${c.cls}:${c.name}`).join(' | ')}`);
    return found;
  }

  async enabled(window: WinWindow, name: string): Promise<boolean> {
    return (await this.control(window, name, 'button')).enabled;
  }

  /** Every text the window shows (static texts and edit contents), for reading it as a whole. */
  async texts(window: WinWindow): Promise<string> {
    const all = await this.controls(window);
    const parts = await Promise.all(all.map((c) => (c.cls.toLowerCase() === 'edit' ? this.text(c) : Promise.resolve(c.text))));
    return parts.join('\n');
  }

  /** What an edit control holds. */
  text(control: { hwnd: string }): Promise<string> {
    return this.probe.call<string>('text', { hwnd: control.hwnd });
  }

  click(control: { rect: WinRect }): Promise<void> {
    return clickAt(this.x, centre(control.rect));
  }

  /**
   * Presses the button that closes `window`, again while the window is still open 4 s later
   * (three presses at most): on a loaded machine Wine maps a window it just showed to X a moment
   * after Windows lists it, and a click in that moment goes to what was below. A second press of
   * a button whose window closed meanwhile is not made.
   */
  async pressToClose(window: WinWindow, name: string): Promise<void> {
    const title = new RegExp(`^${window.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    for (let press = 1; ; press++) {
      await this.press(window, name);
      try {
        return await this.gone(title, 4000);
      } catch (error) {
        if (press === 3) throw error;
      }
    }
  }

  /** Clicks the button with this accessible name, once it is enabled. */
  async press(window: WinWindow, name: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let button = await this.control(window, name, 'button');
    while (!button.enabled) {
      if (Date.now() > deadline) throw new Error(`"${name}" in "${window.text}" stays disabled`);
      await new Promise((r) => setTimeout(r, 200));
      button = await this.control(window, name, 'button');
    }
    await this.click(button);
  }

  /**
   * Clicks into the field with this accessible name and types, replacing what it held; then
   * waits until the field shows it all (X events reach a Windows program a moment later).
   */
  async typeInto(window: WinWindow, field: string, text: string): Promise<void> {
    const control = await this.control(window, field, 'edit');
    await this.click(control);
    await this.key('End', 'shift+Home', 'BackSpace');
    await this.type(text);
    let shown = '';
    for (let wait = 0; wait < 30 && (shown = await this.text(control)) !== text; wait++) await new Promise((r) => setTimeout(r, 100));
    if (shown !== text) throw new Error(`"${field}" shows "${shown}", not "${text}"`);
  }

  /** Types on the X keyboard, as a person would. */
  async type(text: string): Promise<void> {
    const unmap = await this.mapKeys(text);
    try {
      await this.x.exec('xdotool', ['type', '--delay', '40', '--', text]);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await unmap();
    }
  }

  /**
   * Characters the keymap lacks (Hangul) get keys of their own while they are typed. Otherwise
   * xdotool remaps a key for each one as it types, and Wine, still reloading the keymap,
   * sometimes drops one; and only for a while, as Wine has virtual keys for a few extra keys only.
   */
  private async mapKeys(text: string): Promise<() => Promise<void>> {
    const missing = [...new Set(text)].filter((ch) => !/^[\x20-\x7e]$/.test(ch));
    if (missing.length === 0) return () => Promise.resolve();
    const free = (await this.x.exec('xmodmap', ['-pke'])).split('\n').map((l) => /^keycode\s+(\d+) =\s*$/.exec(l)?.[1]).filter((k): k is string => k !== undefined);
    if (free.length < missing.length) throw new Error('no free keycodes left for typing');
    const keys = missing.map((ch, i) => ({ keycode: free[i]!, keysym: `U${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` }));
    await this.x.exec('xmodmap', keys.flatMap((k) => ['-e', `keycode ${k.keycode} = ${k.keysym}`]));
    await new Promise((r) => setTimeout(r, 500));
    return async () => void (await this.x.exec('xmodmap', keys.flatMap((k) => ['-e', `keycode ${k.keycode} =`])));
  }

  async key(...keys: string[]): Promise<void> {
    await this.x.exec('xdotool', ['key', '--delay', '30', ...keys]);
  }

  shot(name: string, window: WinWindow): Promise<string> {
    return screenshot(this.x, name, window.rect);
  }
}
