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

/** KeyboardEvent.code → Windows virtual-key code, for the Windows back end. */
export function windowsVirtualKey(code: string): number | null {
  const named: Record<string, number> = {
    Enter: 0x0d, NumpadEnter: 0x0d, Escape: 0x1b, Backspace: 0x08, Tab: 0x09, Space: 0x20,
    ArrowLeft: 0x25, ArrowUp: 0x26, ArrowRight: 0x27, ArrowDown: 0x28, Home: 0x24, End: 0x23, PageUp: 0x21, PageDown: 0x22,
    Insert: 0x2d, Delete: 0x2e, ShiftLeft: 0xa0, ShiftRight: 0xa1, ControlLeft: 0xa2, ControlRight: 0xa3, AltLeft: 0xa4, AltRight: 0xa5,
    MetaLeft: 0x5b, MetaRight: 0x5c, CapsLock: 0x14, ContextMenu: 0x5d, Lang1: 0x15, Lang2: 0x19,
  };
  const known = named[code];
  if (known !== undefined) return known;
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return m[1]!.charCodeAt(0);
  m = /^Digit([0-9])$/.exec(code);
  if (m) return m[1]!.charCodeAt(0);
  m = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code);
  if (m) return 0x6f + Number(m[1]);
  return null;
}
