import type { ViewerMessage } from '../../../shared/protocol/dataChannel.js';

/**
 * Where in the video frame (0…1) a pointer event falls, given that the video is drawn with
 * `object-fit: contain` (letterboxed). Null outside the picture.
 */
export function videoPoint(video: HTMLVideoElement, clientX: number, clientY: number): { x: number; y: number } | null {
  const box = video.getBoundingClientRect();
  const vw = video.videoWidth;
  const vh = video.videoHeight;
  if (!vw || !vh || !box.width || !box.height) return null;
  const scale = Math.min(box.width / vw, box.height / vh);
  const w = vw * scale;
  const h = vh * scale;
  const x = (clientX - box.left - (box.width - w) / 2) / w;
  const y = (clientY - box.top - (box.height - h) / 2) / h;
  return x < 0 || y < 0 || x > 1 || y > 1 ? null : { x, y };
}

const BUTTONS = ['left', 'middle', 'right'] as const;

export function pointerMessage(video: HTMLVideoElement, e: PointerEvent | MouseEvent, action: 'move' | 'down' | 'up'): ViewerMessage | null {
  const at = videoPoint(video, e.clientX, e.clientY);
  if (!at) return null;
  const button = BUTTONS[e.button] ?? 'left';
  return action === 'move' ? { type: 'pointer', action, ...at } : { type: 'pointer', action, ...at, button };
}

/**
 * Input for the user's PC, sent the moment it happens. A pointer move goes at once unless one
 * already went in this animation frame; then only the newest waits for the next frame, so moves
 * never queue up behind each other. Buttons, wheel and keys go at once and never wait: a move
 * still waiting is dropped before a button or wheel (they carry their own position, and a stale
 * move sent after a press would drag), and sent before a key, so the key lands where the pointer is.
 */
export class InputSender {
  private waiting: ViewerMessage | null = null;
  private frameUsed = false;

  constructor(
    private readonly send: (message: ViewerMessage) => void,
    private readonly nextFrame: (callback: () => void) => void,
  ) {}

  move(message: ViewerMessage): void {
    if (this.frameUsed) {
      this.waiting = message;
      return;
    }
    this.send(message);
    this.holdFrame();
  }

  /** A button or the wheel: it says where, so a waiting move is superseded. */
  positioned(message: ViewerMessage): void {
    this.waiting = null;
    this.send(message);
  }

  /** A key or text: the pointer gets where it was going first. */
  other(message: ViewerMessage): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) this.send(waiting);
    this.send(message);
  }

  private holdFrame(): void {
    this.frameUsed = true;
    this.nextFrame(() => {
      this.frameUsed = false;
      const waiting = this.waiting;
      this.waiting = null;
      if (waiting) this.move(waiting);
    });
  }
}
