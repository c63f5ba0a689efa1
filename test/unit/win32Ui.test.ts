import { describe, expect, it } from 'vitest';
import { ActivationGuard, type QueuedInput } from '../../agent/ui/win32/activation.js';
import { layout } from '../../agent/ui/win32/layout.js';
import type { Screen } from '../../agent/ui/screen.js';

const ACCEPT = 11n;
const OTHER = 12n;
const msg = (message: number, hwnd = ACCEPT, extra: Partial<QueuedInput> = {}): QueuedInput => ({ hwnd, message, wParam: 0, repeat: false, byAgent: false, ...extra });
const WM_LBUTTONDOWN = 0x201;
const WM_LBUTTONUP = 0x202;
const WM_KEYDOWN = 0x100;
const WM_KEYUP = 0x101;

/** Feeds the guard one queued message and asks, during its dispatch, whether Accept's BN_CLICKED is the user's. */
function during(guard: ActivationGuard, input: QueuedInput | null, control = ACCEPT): boolean {
  guard.begin(input);
  const deliberate = guard.isDeliberate(control);
  guard.end();
  return deliberate;
}

describe('telling the user\'s click from other BN_CLICKED', () => {
  it('counts a button-up on the control its button-down landed on', () => {
    const guard = new ActivationGuard();
    expect(during(guard, msg(WM_LBUTTONDOWN))).toBe(false);
    expect(during(guard, msg(WM_LBUTTONUP))).toBe(true);
  });

  it('does not count a press that started elsewhere and was released on the control', () => {
    const guard = new ActivationGuard();
    during(guard, msg(WM_LBUTTONDOWN, OTHER));
    expect(during(guard, msg(WM_LBUTTONUP))).toBe(false);
  });

  it('never counts input the agent injected for the engineer', () => {
    const guard = new ActivationGuard();
    during(guard, msg(WM_LBUTTONDOWN, ACCEPT, { byAgent: true }));
    expect(during(guard, msg(WM_LBUTTONUP, ACCEPT, { byAgent: true }))).toBe(false);
    during(guard, msg(WM_LBUTTONDOWN));
    expect(during(guard, msg(WM_LBUTTONUP, ACCEPT, { byAgent: true }))).toBe(false);
  });

  it('counts Space pressed and released on the control, but not a key held from before', () => {
    const guard = new ActivationGuard();
    during(guard, msg(WM_KEYDOWN, ACCEPT, { wParam: 0x20 }));
    expect(during(guard, msg(WM_KEYUP, ACCEPT, { wParam: 0x20 }))).toBe(true);
    const held = new ActivationGuard();
    during(held, msg(WM_KEYDOWN, ACCEPT, { wParam: 0x20, repeat: true }));
    expect(during(held, msg(WM_KEYUP, ACCEPT, { wParam: 0x20 }))).toBe(false);
  });

  it('counts nothing outside the dispatch of real input: BM_CLICK and WM_COMMAND from elsewhere, Enter', () => {
    const guard = new ActivationGuard();
    during(guard, msg(WM_LBUTTONDOWN));
    expect(during(guard, null)).toBe(false);
    expect(guard.isDeliberate(ACCEPT)).toBe(false);
    expect(during(guard, msg(WM_KEYDOWN, ACCEPT, { wParam: 0x0d }))).toBe(false);
  });
});

describe('the Win32 layout', () => {
  const screen: Screen = {
    title: 't', width: 300, topmost: false, place: 'center', focus: null,
    rows: [
      { kind: 'text', id: 'a', text: 'hello', style: 'body' },
      { kind: 'field', id: 'f', label: 'Name', value: '', maxLength: 10 },
      { kind: 'buttons', id: 'b', buttons: [{ id: 'x', label: 'OK', enabled: true, isDefault: false }, { id: 'y', label: 'A much longer label', enabled: true, isDefault: false }] },
    ],
  };
  // 7 px per character, 15 px per line: a stand-in for GDI's measurement.
  const measure = (text: string, _style: string, max: number | null) => ({ width: text.length * 7, height: 15 * (max ? Math.max(1, Math.ceil((text.length * 7) / max)) : 1) });

  it('stacks rows, puts each label right above its field and buttons side by side', () => {
    const { placed, width, height } = layout(screen, 1, measure);
    const at = Object.fromEntries(placed.map((p) => [p.key, p]));
    expect(width).toBe(300);
    expect(at['a']).toMatchObject({ x: 16, y: 16, width: 268, height: 15 });
    expect(at['f#label']!.y).toBe(16 + 15 + 10);
    expect(at['f']!.y).toBe(at['f#label']!.y + 15 + 4);
    expect(at['x']).toMatchObject({ x: 16, width: 88 });
    expect(at['y']).toMatchObject({ x: 16 + 88 + 8, width: 19 * 7 + 28 });
    expect(at['y']!.y).toBe(at['x']!.y);
    expect(height).toBe(at['x']!.y + at['x']!.height + 16);
  });

  it('scales spacing and widths with the DPI', () => {
    const normal = layout(screen, 1, measure);
    const large = layout(screen, 1.5, measure);
    expect(large.width).toBe(450);
    expect(large.placed.find((p) => p.key === 'a')).toMatchObject({ x: 24, y: 24 });
    expect(large.placed.find((p) => p.key === 'x')!.width).toBe(132);
    expect(large.height).toBeGreaterThan(normal.height);
  });
});
