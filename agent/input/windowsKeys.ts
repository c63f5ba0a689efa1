/**
 * KeyboardEvent.code → the PC keyboard's scan code (set 1, as Windows reports it), for
 * SendInput with KEYEVENTF_SCANCODE. A code names a physical key, and so does a scan code: the
 * user's own keyboard layout turns it into a character, as if they had pressed that key.
 * `extended` keys carry the E0 prefix (KEYEVENTF_EXTENDEDKEY): the arrows and the editing block,
 * the right Ctrl and Alt, the Windows keys, NumpadEnter, NumpadDivide… `vk` is the virtual key of
 * the same key: Windows ignores it when KEYEVENTF_SCANCODE is set, Wine uses it (Wine 8 does not
 * map injected scan codes to virtual keys), so sending both is right on either.
 */
export interface WindowsKey {
  /** 0 for a key that has no scan code of its own and goes by virtual key only (Pause: E1 1D 45). */
  scan: number;
  extended: boolean;
  vk: number;
}

type Entry = [scan: number, vk: number];

const PLAIN: Record<string, Entry> = {
  Escape: [0x01, 0x1b], Minus: [0x0c, 0xbd], Equal: [0x0d, 0xbb], Backspace: [0x0e, 0x08], Tab: [0x0f, 0x09],
  BracketLeft: [0x1a, 0xdb], BracketRight: [0x1b, 0xdd], Enter: [0x1c, 0x0d], ControlLeft: [0x1d, 0xa2],
  Semicolon: [0x27, 0xba], Quote: [0x28, 0xde], Backquote: [0x29, 0xc0], ShiftLeft: [0x2a, 0xa0], Backslash: [0x2b, 0xdc],
  Comma: [0x33, 0xbc], Period: [0x34, 0xbe], Slash: [0x35, 0xbf], ShiftRight: [0x36, 0xa1], NumpadMultiply: [0x37, 0x6a],
  AltLeft: [0x38, 0xa4], Space: [0x39, 0x20], CapsLock: [0x3a, 0x14], ScrollLock: [0x46, 0x91],
  Numpad7: [0x47, 0x67], Numpad8: [0x48, 0x68], Numpad9: [0x49, 0x69], NumpadSubtract: [0x4a, 0x6d],
  Numpad4: [0x4b, 0x64], Numpad5: [0x4c, 0x65], Numpad6: [0x4d, 0x66], NumpadAdd: [0x4e, 0x6b],
  Numpad1: [0x4f, 0x61], Numpad2: [0x50, 0x62], Numpad3: [0x51, 0x63], Numpad0: [0x52, 0x60], NumpadDecimal: [0x53, 0x6e],
  IntlBackslash: [0x56, 0xe2], F11: [0x57, 0x7a], F12: [0x58, 0x7b], Pause: [0, 0x13],
  // Korean keyboards: 한/영 and 한자 (the W3C table's Windows column).
  Lang1: [0x72, 0x15], Lang2: [0x71, 0x19],
};

const EXTENDED: Record<string, Entry> = {
  NumpadEnter: [0x1c, 0x0d], ControlRight: [0x1d, 0xa3], NumpadDivide: [0x35, 0x6f], PrintScreen: [0x37, 0x2c],
  AltRight: [0x38, 0xa5], NumLock: [0x45, 0x90], Home: [0x47, 0x24], ArrowUp: [0x48, 0x26], PageUp: [0x49, 0x21],
  ArrowLeft: [0x4b, 0x25], ArrowRight: [0x4d, 0x27], End: [0x4f, 0x23], ArrowDown: [0x50, 0x28], PageDown: [0x51, 0x22],
  Insert: [0x52, 0x2d], Delete: [0x53, 0x2e], MetaLeft: [0x5b, 0x5b], MetaRight: [0x5c, 0x5c], ContextMenu: [0x5d, 0x5d],
  // Media keys: a user watching lectures may well be told to turn the sound up.
  AudioVolumeMute: [0x20, 0xad], AudioVolumeDown: [0x2e, 0xae], AudioVolumeUp: [0x30, 0xaf],
  MediaPlayPause: [0x22, 0xb3], MediaStop: [0x24, 0xb2], MediaTrackNext: [0x19, 0xb0], MediaTrackPrevious: [0x10, 0xb1],
};

const LETTER_ROWS = ['QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];
const LETTER_ROW_START = [0x10, 0x1e, 0x2c];
const F13_TO_F24 = [0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x76];

function letter(ch: string): Entry | null {
  for (const [row, keys] of LETTER_ROWS.entries()) {
    const i = keys.indexOf(ch);
    if (i >= 0) return [LETTER_ROW_START[row]! + i, ch.charCodeAt(0)];
  }
  return null;
}

function patterned(code: string): Entry | null {
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return letter(m[1]!);
  m = /^Digit([0-9])$/.exec(code);
  if (m) return [m[1] === '0' ? 0x0b : 0x01 + Number(m[1]), m[1]!.charCodeAt(0)];
  m = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code);
  if (m) {
    const n = Number(m[1]);
    if (n <= 10) return [0x3a + n, 0x6f + n];
    if (n >= 13) return [F13_TO_F24[n - 13]!, 0x6f + n];
  }
  return null;
}

/** The key for a code, or null for codes we do not send (then nothing is pressed). */
export function windowsKey(code: string): WindowsKey | null {
  const extended = EXTENDED[code];
  if (extended) return { scan: extended[0], vk: extended[1], extended: true };
  const entry = PLAIN[code] ?? patterned(code);
  return entry ? { scan: entry[0], vk: entry[1], extended: false } : null;
}
