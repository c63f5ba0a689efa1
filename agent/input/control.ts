import type { ControlState, DisplayInfo, MouseButton, ViewerMessage } from '../../shared/protocol/dataChannel.js';
import type { InputBackend } from './backend.js';

type InputMessage = Extract<ViewerMessage, { type: 'pointer' | 'wheel' | 'key' | 'text' }>;

/** One wheel notch is about 100 pixels of browser delta. */
const PIXELS_PER_NOTCH = 100;

/**
 * Browser wheel deltas into whole notches. Touchpads and smooth wheels send many small deltas
 * (40 px each): the remainder is carried to the next message, so four of 40 scroll one notch
 * instead of none. Turning the other way starts afresh.
 */
class WheelAccumulator {
  private rest = 0;

  notches(delta: number): number {
    if (delta === 0) return 0;
    if (Math.sign(delta) !== Math.sign(this.rest)) this.rest = 0;
    this.rest += delta;
    const whole = Math.trunc(this.rest / PIXELS_PER_NOTCH);
    this.rest -= whole * PIXELS_PER_NOTCH;
    return whole;
  }

  reset(): void {
    this.rest = 0;
  }
}

/**
 * Remote control: whether input from the engineer is applied, and what it holds down.
 * Off until the engineer asks; the user can pause it at any moment. Whenever it stops applying
 * input — released, paused, ended — every key and button still held is released, so nothing
 * stays pressed on the user's PC.
 */
export class RemoteControl {
  private state: ControlState;
  private readonly heldKeys = new Set<string>();
  private readonly heldButtons = new Set<MouseButton>();
  private readonly wheelX = new WheelAccumulator();
  private readonly wheelY = new WheelAccumulator();
  /** Questions on screen that hold control (an extension request): input waits while any is open. */
  private holds = 0;

  constructor(
    private readonly backend: InputBackend | null,
    private display: () => DisplayInfo | null,
    readonly unavailableReason: string | null = backend ? null : 'no input back end for this system',
  ) {
    this.state = backend ? 'off' : 'unavailable';
  }

  get current(): ControlState {
    return this.state;
  }

  /** The engineer turns control on (`request`) or off (`release`). Returns the new state. */
  engineer(action: 'request' | 'release'): ControlState {
    if (this.state === 'unavailable') return this.state;
    if (action === 'release') return this.set('off');
    // A user's pause stands until the user resumes.
    return this.state === 'paused' ? this.state : this.set('on');
  }

  /** The user's pause key: pauses, or resumes a paused control. */
  toggleByUser(): ControlState {
    if (this.state === 'on') return this.set('paused');
    if (this.state === 'paused') return this.set('on');
    return this.state;
  }

  stop(): void {
    if (this.state !== 'unavailable') this.set('off');
  }

  /** Whether a question on screen holds control now. */
  get held(): boolean {
    return this.holds > 0;
  }

  /**
   * Holds control while the user answers a question on screen (what is pressed is released):
   * nothing the engineer sends is applied until every hold is released. The state stays as it
   * is, so control comes back by itself after the answer.
   */
  hold(): () => void {
    this.holds++;
    this.releaseAll();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
    };
  }

  /** Applies one input message; returns false (and does nothing) unless control is on and not held. */
  apply(message: InputMessage): boolean {
    if (this.state !== 'on' || this.holds > 0 || !this.backend) return false;
    const b = this.backend;
    switch (message.type) {
      case 'pointer': {
        const at = this.toScreen(message.x, message.y);
        if (!at) return false;
        b.move(at.x, at.y);
        if (message.action !== 'move') {
          const button = message.button ?? 'left';
          b.button(message.action, button);
          if (message.action === 'down') this.heldButtons.add(button);
          else this.heldButtons.delete(button);
        }
        return true;
      }
      case 'wheel': {
        const at = this.toScreen(message.x, message.y);
        if (at) b.move(at.x, at.y);
        const notchesX = this.wheelX.notches(message.deltaX);
        const notchesY = this.wheelY.notches(message.deltaY);
        if (notchesX !== 0 || notchesY !== 0) b.wheel(notchesX, notchesY);
        return true;
      }
      case 'key':
        b.key(message.action, message.code);
        if (message.action === 'down') this.heldKeys.add(message.code);
        else this.heldKeys.delete(message.code);
        return true;
      case 'text':
        b.type(message.text);
        return true;
    }
  }

  private set(state: ControlState): ControlState {
    if (state !== 'on') {
      this.releaseAll();
      this.wheelX.reset();
      this.wheelY.reset();
    }
    this.state = state;
    return state;
  }

  private releaseAll(): void {
    if (!this.backend) return;
    for (const code of this.heldKeys) this.backend.key('up', code);
    for (const button of this.heldButtons) this.backend.button('up', button);
    this.heldKeys.clear();
    this.heldButtons.clear();
  }

  /** Normalised video coordinates → pixels of the shared display. */
  private toScreen(nx: number, ny: number): { x: number; y: number } | null {
    const d = this.display();
    if (!d) return null;
    return { x: d.x + Math.min(d.width - 1, nx * d.width), y: d.y + Math.min(d.height - 1, ny * d.height) };
  }
}
