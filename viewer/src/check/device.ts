import type { BrowserInfo, GpuInfo, HardwareInfo, ScreenInfo } from '../../../shared/playbackCheck/measurements.js';
import { describeBrowser, type HighEntropyValues, type NavigatorUAData } from './browserInfo.js';
import { clip } from './probe.js';

type NavigatorExtras = Navigator & { userAgentData?: NavigatorUAData; deviceMemory?: number };

const extras = (): NavigatorExtras => navigator;

async function highEntropyValues(): Promise<HighEntropyValues | null> {
  const data = extras().userAgentData;
  if (!data?.getHighEntropyValues) return null;
  return data.getHighEntropyValues(['platformVersion', 'fullVersionList', 'model', 'architecture', 'bitness']);
}

/** Browser, version and OS: Client Hints where the browser has them, else the UA string. */
export async function measureBrowser(): Promise<BrowserInfo> {
  return describeBrowser(navigator.userAgent, await highEntropyValues());
}

export function measureScreen(): ScreenInfo {
  return {
    width: Math.round(screen.width),
    height: Math.round(screen.height),
    availWidth: Math.round(screen.availWidth),
    availHeight: Math.round(screen.availHeight),
    pixelRatio: window.devicePixelRatio || 1,
    colorDepth: screen.colorDepth,
    viewportWidth: Math.round(window.innerWidth),
    viewportHeight: Math.round(window.innerHeight),
  };
}

export function measureHardware(): HardwareInfo {
  const cores = navigator.hardwareConcurrency;
  const memory = extras().deviceMemory;
  return { logicalCores: cores > 0 ? cores : null, deviceMemoryGb: typeof memory === 'number' ? memory : null };
}

/** The WebGL renderer: the real GPU where the browser unmasks it, a software rasterizer when acceleration is off. */
export function measureGpu(): GpuInfo {
  const canvas = document.createElement('canvas');
  const webgl2 = canvas.getContext('webgl2');
  const gl = webgl2 ?? canvas.getContext('webgl');
  if (!gl) return { api: 'none', vendor: null, renderer: null, unmasked: false };
  try {
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const read = (name: number) => {
      const value: unknown = gl.getParameter(name);
      return typeof value === 'string' ? clip(value, 300) : null;
    };
    return {
      api: webgl2 ? 'webgl2' : 'webgl',
      vendor: read(debug ? debug.UNMASKED_VENDOR_WEBGL : gl.VENDOR),
      renderer: read(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER),
      unmasked: debug !== null,
    };
  } finally {
    // Browsers allow only a few live WebGL contexts per page: give this one back at once.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}
