import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { DisplayInfo } from '../../shared/protocol/dataChannel.js';
import type { CaptureBackend } from './capture.js';
import { ffmpegFrames } from './ffmpeg.js';

const run = promisify(execFile);

/** `xrandr --listmonitors` lines look like ` 0: +*HDMI-1 1920/527x1080/296+0+0  HDMI-1`. */
export function parseMonitors(output: string): DisplayInfo[] {
  const monitors: DisplayInfo[] = [];
  for (const line of output.split('\n')) {
    const m = /^\s*(\d+):\s+\+?(\*?)(\S+)\s+(\d+)\/\d+x(\d+)\/\d+\+(-?\d+)\+(-?\d+)/.exec(line);
    if (!m) continue;
    monitors.push({ id: m[1]!, name: m[3]!, primary: m[2] === '*', width: Number(m[4]), height: Number(m[5]), x: Number(m[6]), y: Number(m[7]) });
  }
  if (monitors.length > 0 && !monitors.some((d) => d.primary)) monitors[0]!.primary = true;
  return monitors;
}

/**
 * X11: monitors from xrandr (or the whole screen from xdotool when RandR is missing), captured
 * with ffmpeg's x11grab from the region of the chosen monitor.
 */
export function x11Capture(display = process.env['DISPLAY'] ?? ':0'): CaptureBackend {
  return {
    name: 'x11grab',
    async listDisplays() {
      try {
        const { stdout } = await run('xrandr', ['--display', display, '--listmonitors']);
        const monitors = parseMonitors(stdout);
        if (monitors.length > 0) return monitors;
      } catch {
        // No xrandr or no RandR: fall back to the whole screen below.
      }
      const { stdout } = await run('xdotool', ['getdisplaygeometry'], { env: { ...process.env, DISPLAY: display } });
      const [width, height] = stdout.trim().split(/\s+/).map(Number);
      return [{ id: '0', name: 'screen', primary: true, width: width ?? 0, height: height ?? 0, x: 0, y: 0 }];
    },
    start(d, size, onFrame, onError) {
      const input = ['-f', 'x11grab', '-draw_mouse', '1', '-framerate', String(size.fps), '-video_size', `${d.width}x${d.height}`, '-i', `${display}+${d.x},${d.y}`];
      return ffmpegFrames(input, d, size, onFrame, onError);
    },
  };
}
