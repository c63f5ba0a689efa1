import type { Msg, User32 } from '../../../agent/windows/user32.js';

/** A plain message loop from Node's event loop, for the test's own windows. */
export function pumpForever(api: User32): void {
  const m: Msg = { hwnd: null, message: 0, wParam: 0, lParam: 0, time: 0, pt: { x: 0, y: 0 }, lPrivate: 0 };
  setInterval(() => {
    while (api.PeekMessageW(m, null, 0, 0, 1)) {
      api.TranslateMessage(m);
      api.DispatchMessageW(m);
    }
  }, 5);
}
