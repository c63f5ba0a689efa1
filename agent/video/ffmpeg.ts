import { spawn } from 'node:child_process';
import type { CaptureHandle, FrameSize } from './capture.js';
import { FrameSplitter } from './capture.js';
import { ffmpegProgram } from '../native/modules.js';

/**
 * A screen grabber has one known stream: ffmpeg need not read ahead to learn its format, which
 * would hold back the first frame (about 100 ms here).
 */
const NO_PROBING = ['-fflags', 'nobuffer', '-probesize', '32', '-analyzeduration', '0'];

/**
 * Runs ffmpeg with the given input arguments and turns its output into raw I420 frames of
 * `size`. The input side differs per OS; this side does not. The frames arrive on ffmpeg's
 * stdout as fast as it writes them (it writes each frame whole; nothing waits for the next).
 */
export function ffmpegFrames(inputArgs: string[], source: { width: number; height: number }, size: FrameSize, onFrame: (frame: Uint8Array) => void, onError: (error: Error) => void): CaptureHandle {
  const scale = size.width !== source.width || size.height !== source.height ? ['-vf', `scale=${size.width}:${size.height}:flags=fast_bilinear`] : [];
  // windowsHide: ffmpeg.exe is a console program; started by the windowed agent (which has no
  // console) it would otherwise get a console window of its own, over the user's desktop.
  const child = spawn(ffmpegProgram(), ['-loglevel', 'error', '-nostdin', ...NO_PROBING, ...inputArgs, ...scale, '-pix_fmt', 'yuv420p', '-f', 'rawvideo', 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const splitter = new FrameSplitter((size.width * size.height * 3) / 2, onFrame);
  let stderr = '';
  let stopping = false;
  child.stdout.on('data', (chunk: Buffer) => splitter.push(chunk));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  child.on('error', (error) => onError(error));
  const exited = new Promise<void>((resolve) => child.once('exit', (code) => {
    if (!stopping) onError(new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`));
    resolve();
  }));
  return {
    stop: async () => {
      stopping = true;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
