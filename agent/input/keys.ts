/**
 * KeyboardEvent.code → X11 keysym name (for xdotool). Codes name physical keys, so the user's
 * keyboard layout applies on their side, as if they typed. Unknown codes are ignored.
 */
const NAMED: Record<string, string> = {
  Enter: 'Return', NumpadEnter: 'KP_Enter', Escape: 'Escape', Backspace: 'BackSpace', Tab: 'Tab', Space: 'space',
  ArrowLeft: 'Left', ArrowRight: 'Right', ArrowUp: 'Up', ArrowDown: 'Down',
  Home: 'Home', End: 'End', PageUp: 'Prior', PageDown: 'Next', Insert: 'Insert', Delete: 'Delete',
  ShiftLeft: 'Shift_L', ShiftRight: 'Shift_R', ControlLeft: 'Control_L', ControlRight: 'Control_R',
  AltLeft: 'Alt_L', AltRight: 'Alt_R', MetaLeft: 'Super_L', MetaRight: 'Super_R', CapsLock: 'Caps_Lock',
  ContextMenu: 'Menu', PrintScreen: 'Print', ScrollLock: 'Scroll_Lock', Pause: 'Pause', NumLock: 'Num_Lock',
  Minus: 'minus', Equal: 'equal', BracketLeft: 'bracketleft', BracketRight: 'bracketright', Backslash: 'backslash',
  Semicolon: 'semicolon', Quote: 'apostrophe', Backquote: 'grave', Comma: 'comma', Period: 'period', Slash: 'slash',
  NumpadAdd: 'KP_Add', NumpadSubtract: 'KP_Subtract', NumpadMultiply: 'KP_Multiply', NumpadDivide: 'KP_Divide', NumpadDecimal: 'KP_Decimal',
  Lang1: 'Hangul', Lang2: 'Hangul_Hanja', KanaMode: 'Hangul',
};

export function x11Keysym(code: string): string | null {
  const named = NAMED[code];
  if (named) return named;
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return m[1]!.toLowerCase();
  m = /^Digit([0-9])$/.exec(code);
  if (m) return m[1]!;
  m = /^Numpad([0-9])$/.exec(code);
  if (m) return `KP_${m[1]}`;
  m = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code);
  if (m) return `F${m[1]}`;
  return null;
}
