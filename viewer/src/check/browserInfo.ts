import Bowser from 'bowser';
import { BrowserInfo } from '../../../shared/playbackCheck/measurements.js';
import { clip } from './probe.js';

/** User-Agent Client Hints (Chromium browsers, secure contexts); not in TypeScript's DOM types. */
export interface BrandVersion {
  brand: string;
  version: string;
}
export interface HighEntropyValues {
  brands?: BrandVersion[];
  fullVersionList?: BrandVersion[];
  mobile?: boolean;
  platform?: string;
  platformVersion?: string;
  architecture?: string;
  bitness?: string;
  model?: string;
}
export interface NavigatorUAData {
  brands: BrandVersion[];
  mobile: boolean;
  platform: string;
  getHighEntropyValues(hints: string[]): Promise<HighEntropyValues>;
}

/** GREASE brands ("Not A;Brand", "Not:A-Brand", …) are there to be ignored. */
const GREASE = /not.?a.?brand/i;

/** The browser's own brand: a specific one (Google Chrome, Microsoft Edge, Whale) before "Chromium". */
function ownBrand(list: readonly BrandVersion[]): BrandVersion | undefined {
  const real = list.filter((b) => !GREASE.test(b.brand));
  return real.find((b) => b.brand !== 'Chromium') ?? real[0];
}

/**
 * The Windows release behind a client-hints platform version: 13 and up is Windows 11, 1–10 is
 * Windows 10, 0 is 7, 8 or 8.1 (the UA string says "Windows NT 10.0" for both 10 and 11).
 */
export function windowsRelease(platformVersion: string): string {
  const major = Number.parseInt(platformVersion, 10);
  if (Number.isNaN(major)) return '';
  if (major >= 13) return '11';
  return major > 0 ? '10' : '7/8/8.1';
}

function osVersionFromHints(platform: string, platformVersion: string): string {
  if (platform === 'Windows') return windowsRelease(platformVersion);
  return platformVersion.replace(/_/g, '.');
}

/**
 * What the browser is, from its UA string (parsed by bowser) and, where it has them, its
 * high-entropy Client Hints, which win for name, version and OS version: the UA string is frozen
 * in Chromium ("Windows NT 10.0" on Windows 11, a reduced version number).
 */
export function describeBrowser(userAgent: string, hints: HighEntropyValues | null): BrowserInfo {
  const brands = hints?.fullVersionList ?? hints?.brands ?? [];
  const parsed = Bowser.parse(
    userAgent,
    hints ? { brands, mobile: hints.mobile ?? false, platform: hints.platform ?? '', platformVersion: hints.platformVersion ?? '', architecture: hints.architecture ?? '', model: hints.model ?? '' } : undefined,
  );
  const brand = ownBrand(brands);
  const platform = hints?.platform ?? '';
  const fromHints = brand !== undefined && platform !== '';
  const deviceType = BrowserInfo.shape.deviceType.safeParse(parsed.platform.type);
  return {
    source: fromHints ? 'client_hints' : 'user_agent',
    userAgent: clip(userAgent, 1000),
    name: clip((fromHints ? brand.brand : parsed.browser.name) || 'unknown', 100),
    version: clip((fromHints ? brand.version : parsed.browser.version) ?? '', 50),
    engine: clip([parsed.engine.name, parsed.engine.version].filter(Boolean).join(' '), 100),
    osName: clip((fromHints ? platform : parsed.os.name) || 'unknown', 100),
    osVersion: clip(fromHints ? osVersionFromHints(platform, hints?.platformVersion ?? '') : (parsed.os.versionName ?? parsed.os.version ?? ''), 100),
    deviceType: deviceType.success ? deviceType.data : hints?.mobile ? 'mobile' : 'unknown',
    model: clip(hints?.model || parsed.platform.model || '', 100),
    architecture: clip([hints?.architecture, hints?.bitness].filter(Boolean).join(' '), 50),
  };
}
