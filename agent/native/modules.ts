import wrtcModule from '@roamhq/wrtc';
import type * as Koffi from 'koffi';
import { carriedFile } from './carried.js';

/**
 * The agent's native pieces, one way in for both `npm run agent` and the single executable.
 * From source they come from node_modules and PATH; in the executable the build redirects the
 * addons' own loaders to the checked copies (agent/build/bundle.ts), and ffmpeg is the carried one.
 */
export const wrtc = wrtcModule;

export type KoffiModule = typeof Koffi.default;
let koffi: Promise<KoffiModule> | null = null;

/** koffi (a C FFI for user32, kernel32, advapi32), loaded on first use: only Windows code needs it. */
export function loadKoffi(): Promise<KoffiModule> {
  koffi ??= import('koffi').then((m) => m.default);
  return koffi;
}

/** The ffmpeg to capture with: RA_FFMPEG if set, else the carried one, else the one on PATH. */
export function ffmpegProgram(platform: NodeJS.Platform = process.platform): string {
  return process.env['RA_FFMPEG'] || carriedFile(platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg') || 'ffmpeg';
}
