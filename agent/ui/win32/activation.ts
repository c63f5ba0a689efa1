import { VK_SPACE, WM } from './constants.js';

/** A message taken from this thread's queue, as the pump saw it before dispatching it. */
export interface QueuedInput {
  hwnd: bigint;
  message: number;
  wParam: number;
  /** The key was already down (auto-repeat). */
  repeat: boolean;
  /** Injected by this agent's own input back end for the engineer (AGENT_INPUT_MARK). */
  byAgent: boolean;
}

/**
 * Tells a user's click on a control from everything else that makes a button report BN_CLICKED.
 * A click is deliberate only while the pump is dispatching a real button-up on that very control
 * whose button-down also landed there (or Space released on it after being pressed on it), and
 * neither was injected by the agent. BM_CLICK or WM_COMMAND from another program arrive as sent
 * or posted messages, never as the hardware input being dispatched; Enter in a field, a held key
 * repeating and the engineer's remote pointer do not count either.
 */
export class ActivationGuard {
  private current: QueuedInput | null = null;
  private pressedOn: bigint | null = null;

  /** Called by the pump before dispatching each queued message; null for a message that is not input. */
  begin(input: QueuedInput | null): void {
    this.current = input;
    if (!input) return;
    const pressed = input.message === WM.LBUTTONDOWN || input.message === WM.LBUTTONDBLCLK || (input.message === WM.KEYDOWN && input.wParam === VK_SPACE && !input.repeat);
    if (pressed) this.pressedOn = input.byAgent ? null : input.hwnd;
  }

  end(): void {
    this.current = null;
  }

  isDeliberate(control: bigint): boolean {
    const c = this.current;
    if (!c || c.byAgent || c.hwnd !== control || this.pressedOn !== control) return false;
    return c.message === WM.LBUTTONUP || (c.message === WM.KEYUP && c.wParam === VK_SPACE);
  }
}
