import { describe, expect, it } from 'vitest';
import { keyCodeInput, textInputs, toAbsolute } from '../../agent/input/windows.js';
import { windowsKey } from '../../agent/input/windowsKeys.js';

describe('Windows keys by scan code', () => {
  it('map letters, digits and function keys by their place on the keyboard', () => {
    expect(['KeyQ', 'KeyA', 'KeyZ', 'KeyM', 'Digit1', 'Digit0', 'F1', 'F10', 'F11', 'F12', 'F13', 'F24'].map((c) => windowsKey(c)?.scan)).toEqual([
      0x10, 0x1e, 0x2c, 0x32, 0x02, 0x0b, 0x3b, 0x44, 0x57, 0x58, 0x64, 0x76,
    ]);
  });

  it('flag the keys with the E0 prefix as extended, and not their numpad twins', () => {
    const extended = ['ArrowUp', 'ArrowLeft', 'Insert', 'Delete', 'Home', 'End', 'PageUp', 'PageDown', 'ControlRight', 'AltRight', 'MetaLeft', 'NumpadEnter', 'NumpadDivide', 'NumLock'];
    for (const code of extended) expect({ code, extended: windowsKey(code)?.extended }).toEqual({ code, extended: true });
    for (const code of ['Numpad8', 'Numpad4', 'Numpad0', 'NumpadDecimal', 'Enter', 'ControlLeft', 'AltLeft', 'Slash']) expect({ code, extended: windowsKey(code)?.extended }).toEqual({ code, extended: false });
    expect(windowsKey('ArrowUp')?.scan).toBe(windowsKey('Numpad8')?.scan);
  });

  it('send nothing for a code they do not know', () => {
    expect(windowsKey('NotAKey')).toBeNull();
    expect(windowsKey('F25')).toBeNull();
    expect(keyCodeInput('down', 'NotAKey')).toBeNull();
  });

  it('build key events with the scan-code flag, extended and key-up bits, and the virtual key for Wine', () => {
    expect(keyCodeInput('down', 'ArrowLeft')).toMatchObject({ type: 1, u: { ki: { wScan: 0x4b, wVk: 0x25, dwFlags: 0x8 | 0x1 } } });
    expect(keyCodeInput('up', 'KeyA')).toMatchObject({ type: 1, u: { ki: { wScan: 0x1e, wVk: 0x41, dwFlags: 0x8 | 0x2 } } });
    // Pause has no scan code of its own: by virtual key only.
    expect(keyCodeInput('down', 'Pause')).toMatchObject({ u: { ki: { wScan: 0, wVk: 0x13, dwFlags: 0 } } });
  });
});

describe('Windows text and pointer', () => {
  it('types each UTF-16 unit, both halves of a surrogate pair, and a line break as Enter', () => {
    const inputs = textInputs('한😀\n');
    const scans = inputs.map((i) => (i.type === 1 ? [i.u.ki.wScan, i.u.ki.dwFlags] : null));
    expect(scans).toEqual([
      [0xd55c, 0x4], [0xd55c, 0x6], [0xd83d, 0x4], [0xd83d, 0x6], [0xde00, 0x4], [0xde00, 0x6], [0x1c, 0x8], [0x1c, 0xa],
    ]);
  });

  it('normalises pixels to 0..65535 across a virtual desktop that starts left of the primary monitor', () => {
    const desk = { x: -1920, y: 0, width: 3840, height: 1080 };
    expect(toAbsolute(-1920, 0, desk)).toEqual({ dx: 0, dy: 0 });
    expect(toAbsolute(1919, 1079, desk)).toEqual({ dx: 65535, dy: 65535 });
    expect(toAbsolute(0, 540, desk).dx).toBe(Math.round((1920 * 65535) / 3839));
    expect(toAbsolute(5000, -10, desk)).toEqual({ dx: 65535, dy: 0 });
  });
});
