import type { DisplayInfo } from '../../shared/protocol/dataChannel.js';
import type { CaptureBackend } from './capture.js';
import { ffmpegFrames } from './ffmpeg.js';

/**
 * macOS (ffmpeg avfoundation). It cannot run on the Linux machines we test on; it is kept to the
 * ffmpeg arguments only, on purpose, and marked as untested here. The displays come from the
 * device report's graphics data (systeminformation).
 */
export function avfoundationCapture(displays: () => Promise<DisplayInfo[]>): CaptureBackend {
  return {
    name: 'avfoundation (untested on this build machine)',
    listDisplays: displays,
    start(d, size, onFrame, onError) {
      const input = ['-f', 'avfoundation', '-capture_cursor', '1', '-framerate', String(size.fps), '-i', `Capture screen ${d.id}:none`];
      return ffmpegFrames(input, d, size, onFrame, onError);
    },
  };
}
