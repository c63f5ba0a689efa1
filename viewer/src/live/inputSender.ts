import type { ViewerMessage } from '../../../shared/protocol/dataChannel.js';

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
