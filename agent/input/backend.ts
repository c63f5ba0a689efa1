import type { MouseButton } from '../../shared/protocol/dataChannel.js';

/**
 * An input back end: injects pointer and keyboard events into the user's desktop. One per OS;
 * `null` where none works (then control is unavailable and the engineer only watches).
 * Coordinates are absolute screen pixels; keys are KeyboardEvent.code values.
 */
export interface InputBackend {
  readonly name: string;
  move(x: number, y: number): void;
  button(action: 'down' | 'up', button: MouseButton): void;
  /** Wheel notches; positive y scrolls down, positive x right. */
  wheel(notchesX: number, notchesY: number): void;
  key(action: 'down' | 'up', code: string): void;
  type(text: string): void;
  close(): void;
}
