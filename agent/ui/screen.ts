import type { Language } from '../i18n.js';

/**
 * A window's content as data: what the flows (code, consent, panel…) produce and what each
 * platform's host draws with its own controls (Win32 windows, a loopback page). Every control
 * has a visible label, which is also its accessible name.
 */
export interface Screen {
  title: string;
  /** Content width in device-independent pixels (96 per inch). */
  width: number;
  rows: Row[];
  /** Kept above other windows (the session panel, questions with a deadline). */
  topmost: boolean;
  /** Where the window goes: centred, or the work area's bottom-right corner (the panel). */
  place: 'center' | 'corner';
  /** The control that has the keyboard focus when the window opens: never an Accept button. */
  focus: string | null;
}

export type Row =
  | { kind: 'text'; id: string; text: string; style: 'title' | 'body' | 'note' }
  /** Read-only text that may be long (the consent text, the chat): scrolls; `label` names it. */
  | { kind: 'textbox'; id: string; label: string; text: string; lines: number; follow: 'start' | 'end' }
  | { kind: 'field'; id: string; label: string; value: string; maxLength: number }
  | { kind: 'check'; id: string; label: string; checked: boolean }
  | { kind: 'buttons'; id: string; buttons: Button[] };

export interface Button {
  id: string;
  label: string;
  enabled: boolean;
  /** Enter in a field presses it. Never set on a button that consents. */
  isDefault: boolean;
}

/**
 * What a host reports from a window. `deliberate`: the user's own click on that control (or
 * Space/Enter with the focus on it), not a message sent to the window by another program, not
 * a click the agent injected for the engineer.
 */
export interface ScreenEvents {
  input(id: string, value: string): void;
  activate(id: string, deliberate: boolean): void;
  /** The user closed the window (title bar, Alt+F4, Esc); the flow decides what that means. */
  closed(): void;
}

export interface ScreenWindow {
  update(screen: Screen): void;
  close(): void;
}

/** A platform's way of showing screens. */
export interface ScreenHost {
  /** The system's UI language (Windows: GetUserDefaultUILanguage), the UI's first language. */
  readonly systemLanguage: Language;
  open(screen: Screen, events: ScreenEvents): ScreenWindow;
  /** Closes every window and stops the host (message pump, loopback server). */
  close(): void;
}
