import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { DisplayInfo } from '../../shared/protocol/dataChannel.js';
import { ffmpegProgram } from '../native/modules.js';
import { type DpiAwareness, makeDpiAware } from '../windows/dpi.js';
import { listMonitors } from '../windows/monitors.js';
import { loadUser32 } from '../windows/user32.js';
import type { CaptureBackend } from './capture.js';
import { ffmpegFrames } from './ffmpeg.js';

const run = promisify(execFile);
const PROBE_TIMEOUT_MS = 15_000;

export type WindowsGrabber = 'ddagrab' | 'gdigrab';

/**
 * Which screen grabber an ffmpeg build offers, from `ffmpeg -filters` and `-formats`: ddagrab
 * (Desktop Duplication, a lavfi source since ffmpeg 6.0: cheaper and sees hardware-accelerated
 * video) where present, else gdigrab (GDI, in every Windows build); null when neither is there.
 * (`-devices` is no help: ffmpeg 4.1, the one we ship, lists gdigrab only among the formats.)
 */
export function pickGrabber(filters: string, formats: string): WindowsGrabber | null {
  if (/^\s*\S+\s+ddagrab\s/m.test(filters)) return 'ddagrab';
  if (/^\s*D\S*\s+gdigrab\s/m.test(formats)) return 'gdigrab';
  return null;
}

/** ffmpeg's input arguments for one monitor, in real (DPI-aware) pixels of the virtual desktop. */
export function grabberInput(grabber: WindowsGrabber, display: DisplayInfo, fps: number): string[] {
  if (grabber === 'ddagrab') {
    // Desktop Duplication numbers outputs in EnumDisplayMonitors' order on one adapter; frames
    // live on the GPU and are brought back as BGRA for the shared I420 conversion.
    return ['-f', 'lavfi', '-i', `ddagrab=output_idx=${display.id}:framerate=${fps}:draw_mouse=1,hwdownload,format=bgra`];
  }
  return ['-f', 'gdigrab', '-draw_mouse', '1', '-framerate', String(fps), '-offset_x', String(display.x), '-offset_y', String(display.y), '-video_size', `${display.width}x${display.height}`, '-i', 'desktop'];
}

/**
 * Windows capture with the ffmpeg the agent carries: the process made DPI-aware first, monitors
 * from user32, the grabber chosen once by probing ffmpeg. `name` says what is in use.
 */
export function windowsCapture(ffmpeg: () => string = () => ffmpegProgram('win32')): CaptureBackend & { describe(): Promise<{ grabber: WindowsGrabber; dpi: DpiAwareness }> } {
  let grabber: Promise<WindowsGrabber> | null = null;
  let chosen: WindowsGrabber = 'gdigrab';
  let dpi: DpiAwareness = 'unaware';
  const probe = () =>
    (grabber ??= (async () => {
      // One after the other and bounded: a grabber we cannot ask about is taken to be gdigrab,
      // which every Windows build of ffmpeg has.
      const list = async (what: string) => (await run(ffmpeg(), ['-hide_banner', what], { maxBuffer: 4 * 2 ** 20, timeout: PROBE_TIMEOUT_MS, windowsHide: true })).stdout;
      const filters = await list('-filters').catch(() => '');
      const formats = await list('-formats').catch(() => '');
      return (chosen = pickGrabber(filters, formats) ?? 'gdigrab');
    })());
  const backend = {
    get name() {
      return `${chosen} (DPI: ${dpi})`;
    },
    async listDisplays() {
      dpi = makeDpiAware(await loadUser32());
      await probe();
      return listMonitors();
    },
    start(d: DisplayInfo, size: Parameters<CaptureBackend['start']>[1], onFrame: (frame: Uint8Array) => void, onError: (error: Error) => void) {
      return ffmpegFrames(grabberInput(chosen, d, size.fps), d, size, onFrame, onError);
    },
    async describe() {
      dpi = makeDpiAware(await loadUser32());
      return { grabber: await probe(), dpi };
    },
  };
  return backend;
}
