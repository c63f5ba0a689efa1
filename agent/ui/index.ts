import type { Clock } from '../../shared/clock.js';
import { type Language, pickLanguage } from '../i18n.js';
import { ScreenUi } from './screenUi.js';
import type { AgentUi } from './types.js';
import { LoopbackHost } from './web/loopbackHost.js';
import { Win32Host } from './win32/host.js';

export interface UiOptions {
  clock: Clock;
  /** `--lang`; else Windows' UI language, or the locale on Linux. */
  language?: Language;
  onError: (error: Error) => void;
  /** Linux: how the page is opened (the agent: xdg-open, the desktop's default browser). */
  openBrowser: (url: string) => void;
}

/** The windowed UI for this OS: Win32 windows on Windows, a loopback page in the browser elsewhere. */
export async function startAgentUi(platform: NodeJS.Platform, options: UiOptions): Promise<AgentUi> {
  if (platform === 'win32') {
    const host = await Win32Host.create(options.onError);
    return new ScreenUi(host, options.clock, options.language ?? host.systemLanguage);
  }
  const host = await LoopbackHost.start({
    language: options.language ?? pickLanguage(undefined, process.env),
    openBrowser: options.openBrowser,
    onError: options.onError,
  });
  return new ScreenUi(host, options.clock);
}
