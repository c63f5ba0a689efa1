import { loadKernel32 } from '../../../agent/windows/kernel32.js';
import { loadUser32 } from '../../../agent/windows/user32.js';
import { callHome } from './link.js';
import { pumpForever } from './pump.js';

const WM_NAMES: Record<number, string> = {
  0x0100: 'keydown', 0x0101: 'keyup', 0x0104: 'syskeydown', 0x0105: 'syskeyup', 0x0102: 'char',
  0x0201: 'lbuttondown', 0x0202: 'lbuttonup', 0x0204: 'rbuttondown', 0x0205: 'rbuttonup', 0x0207: 'mbuttondown', 0x0208: 'mbuttonup',
  0x020a: 'wheel', 0x020e: 'hwheel',
};
export const TARGET = { x: 100, y: 80, width: 800, height: 500 };
const WS_POPUP_VISIBLE = 0x80000000 | 0x10000000;

/**
 * A window that reports the input it receives, as Windows delivers it: key messages with the
 * virtual key, scan code and extended bit from lParam, characters, buttons with client
 * coordinates, and wheel deltas. (A popup: its client area is its whole rectangle.)
 */
export async function runTarget(port: number): Promise<void> {
  const api = await loadUser32();
  const kernel32 = await loadKernel32();
  let emit: (event: string, data?: unknown) => void = () => undefined;
  const proc = api.registerWndProc((hwnd, msg, wParam, lParam) => {
    const name = WM_NAMES[msg];
    if (name) {
      const lp = Number(BigInt.asIntN(64, BigInt(lParam)));
      const wp = Number(BigInt.asUintN(64, BigInt(wParam)));
      if (name.includes('key')) emit('input', { type: name, vk: wp, scan: (lp >> 16) & 0xff, extended: ((lp >> 24) & 1) === 1 });
      else if (name === 'char') emit('input', { type: name, code: wp });
      else if (name.includes('wheel')) emit('input', { type: name, delta: (((wp >>> 16) & 0xffff) << 16) >> 16 });
      else emit('input', { type: name, x: (lp << 16) >> 16, y: lp >> 16 });
      return 0;
    }
    return api.DefWindowProcW(hwnd, msg, wParam, lParam);
  });
  const instance = kernel32.GetModuleHandleW(null);
  api.RegisterClassExW({
    cbSize: api.wndClassSize, style: 0, lpfnWndProc: proc.pointer, cbClsExtra: 0, cbWndExtra: 0, hInstance: instance, hIcon: null,
    hCursor: null, hbrBackground: 6n, lpszMenuName: null, lpszClassName: 'RATestTarget', hIconSm: null,
  });
  const hwnd = api.CreateWindowExW(0, 'RATestTarget', 'Input target', WS_POPUP_VISIBLE, TARGET.x, TARGET.y, TARGET.width, TARGET.height, null, null, instance, null);
  pumpForever(api);
  const link = await callHome(port, 'target', {
    focus: () => {
      api.SetForegroundWindow(hwnd);
      api.SetFocus(hwnd);
      return TARGET;
    },
  });
  emit = link.emit;
}
