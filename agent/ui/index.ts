import { spawn } from 'node:child_process';
import type { Clock } from '../../shared/clock.js';
import { type Language, pickLanguage } from '../i18n.js';
import { win32 } from '../win32/api.js';
import { ScreenUi } from './screenUi.js';
import type { AgentUi } from './types.js';
import { LoopbackHost } from './web/loopbackHost.js';
import { Win32Host } from './win32/host.js';

export interface UiOptions {
  clock: Clock;
  /** `--lang`; else Windows' UI language, or the locale on Linux. */
  language?: Language;
  onError: (error: Error) => void;
  /** Linux: how the page is opened (default: xdg-open, the desktop's default browser). */
  openBrowser?: (url: string) => void;
}

/** The windowed UI for this OS: Win32 windows on Windows, a loopback page in the browser elsewhere. */
export async function startAgentUi(platform: NodeJS.Platform, options: UiOptions): Promise<AgentUi> {
  if (platform === 'win32') {
    const host = new Win32Host(win32(), options.onError);
    return new ScreenUi(host, options.clock, options.language ?? host.systemLanguage);
  }
  const host = await LoopbackHost.start({
    language: options.language ?? pickLanguage(undefined, process.env),
    openBrowser: options.openBrowser ?? ((url) => openInBrowser(url, options.onError)),
    onError: options.onError,
  });
  return new ScreenUi(host, options.clock);
}

function openInBrowser(url: string, onError: (error: Error) => void): void {
  const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
  child.on('error', onError);
  child.unref();
}
