import type { DisplayInfo } from '../../shared/protocol/dataChannel.js';

export interface FrameSize {
  width: number;
  height: number;
  fps: number;
}

export interface CaptureHandle {
  stop(): Promise<void>;
}

/** A screen-capture back end: one per OS, all producing raw I420 frames of a fixed size. */
export interface CaptureBackend {
  readonly name: string;
  listDisplays(): Promise<DisplayInfo[]>;
  start(display: DisplayInfo, size: FrameSize, onFrame: (frame: Uint8Array) => void, onError: (error: Error) => void): CaptureHandle;
}

/** The largest frame we send, whatever the screen. */
export const MAX_FRAME = { width: 1920, height: 1080 };

/**
 * The frame size for a display: its native size, shrunk to fit 1920×1080 and by `scale`,
 * rounded to even numbers (I420 subsamples chroma 2×2).
 */
export function frameSizeFor(display: Pick<DisplayInfo, 'width' | 'height'>, scale: number, fps: number): FrameSize {
  const fit = Math.min(1, MAX_FRAME.width / display.width, MAX_FRAME.height / display.height) * scale;
  const even = (n: number) => Math.max(2, Math.floor((n * fit) / 2) * 2);
  return { width: even(display.width), height: even(display.height), fps };
}

/**
 * Cuts a byte stream into frames of exactly `frameBytes` (I420: width × height × 3/2), copying
 * each chunk once into the frame being filled. The frame is one buffer, filled again for every
 * frame: `onFrame` must be done with it when it returns. wrtc's `RTCVideoSource.onFrame` is —
 * it copies the planes into its own I420 buffer before returning — so no frame is allocated
 * per frame. (A chunk that happens to hold a whole frame cannot be passed on as a view: wrtc
 * reads a typed array's whole ArrayBuffer from its start, ignoring `byteOffset`.)
 */
export class FrameSplitter {
  private readonly frame: Uint8Array;
  private filled = 0;

  constructor(
    private readonly frameBytes: number,
    private readonly onFrame: (frame: Uint8Array) => void,
  ) {
    this.frame = new Uint8Array(frameBytes);
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.frameBytes - this.filled, chunk.length - offset);
      this.frame.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameBytes) {
        this.filled = 0;
        this.onFrame(this.frame);
      }
    }
  }
}
