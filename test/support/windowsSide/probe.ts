import { windowsFfi } from '../../../agent/windows/ffi.js';
import { type Handle, loadUser32, type Rect, windowText } from '../../../agent/windows/user32.js';
import { callHome } from './link.js';

/**
 * The test's eyes on the Windows desktop, from outside the program under test, the way a screen
 * reader or an automation tool sees it: top-level windows and their controls through user32
 * (EnumWindows, EnumChildWindows, GetWindowTextW, GetWindowRect), and each control's accessible
 * name by MSAA's rule (a button by its text, an edit field by the static label just before it).
 * It can also send a control the messages another program could (BM_CLICK, WM_COMMAND), which a
 * consent must ignore.
 */
export async function runProbe(port: number): Promise<void> {
  const api = await loadUser32();
  const { koffi } = await windowsFfi();
  const user32 = koffi.load('user32.dll');
  const EnumWindows = user32.func('bool __stdcall EnumWindows(WNDENUMPROC *proc, LPARAM lp)');
  const EnumChildWindows = user32.func('bool __stdcall EnumChildWindows(HWND parent, WNDENUMPROC *proc, LPARAM lp)');
  const GetClassNameW = user32.func('int __stdcall GetClassNameW(HWND hwnd, _Out_ uint8_t *buffer, int max)');
  const IsWindowVisible = user32.func('bool __stdcall IsWindowVisible(HWND hwnd)');
  const IsWindowEnabled = user32.func('bool __stdcall IsWindowEnabled(HWND hwnd)');
  const GetWindowLongPtrW = user32.func('intptr_t __stdcall GetWindowLongPtrW(HWND hwnd, int index)');
  const WindowFromPoint = user32.func('HWND __stdcall WindowFromPoint(POINT point)');
  const GetAncestor = user32.func('HWND __stdcall GetAncestor(HWND hwnd, uint32_t flags)');
  const PostMessageW = user32.func('bool __stdcall PostMessageW(HWND hwnd, uint32_t msg, WPARAM wp, LPARAM lp)');
  const GetTextW = user32.func('LRESULT __stdcall SendMessageW(HWND hwnd, uint32_t msg, WPARAM wp, _Out_ uint8_t *buffer)');
  const SetTextW = user32.func('LRESULT __stdcall SendMessageW(HWND hwnd, uint32_t msg, WPARAM wp, const char16_t *text)');
  const GetDlgCtrlID = user32.func('int __stdcall GetDlgCtrlID(HWND hwnd)');
  const GetParent = user32.func('HWND __stdcall GetParent(HWND hwnd)');
  const GetCursorPos = user32.func('bool __stdcall GetCursorPos(_Out_ POINT *point)');

  const h = (value: string): Handle => BigInt(value);
  const className = (hwnd: Handle) => {
    const buffer = Buffer.alloc(512);
    const n: number = GetClassNameW(hwnd, buffer, 256);
    return buffer.toString('utf16le', 0, n * 2);
  };
  const rectOf = (hwnd: Handle) => {
    const r: Partial<Rect> = {};
    api.GetWindowRect(hwnd, r);
    return r;
  };
  const describe = (hwnd: bigint) => ({ hwnd: String(hwnd), cls: className(hwnd), text: windowText(api, hwnd), rect: rectOf(hwnd), visible: Boolean(IsWindowVisible(hwnd)), enabled: Boolean(IsWindowEnabled(hwnd)) });
  const children = (parent: Handle) => {
    const found: bigint[] = [];
    EnumChildWindows(parent, (hwnd: bigint) => (found.push(hwnd), true), 0);
    let previous: ReturnType<typeof describe> | null = null;
    return found.map((hwnd) => {
      const d = describe(hwnd);
      const cls = d.cls.toLowerCase();
      const name = cls === 'edit' ? (previous?.cls.toLowerCase() === 'static' ? previous.text : '') : d.text.replace(/&/g, '');
      previous = d;
      return { ...d, name, id: GetDlgCtrlID(hwnd) as number };
    });
  };
  const command = (control: Handle) => ({ parent: GetParent(control) as Handle, wParam: (GetDlgCtrlID(control) as number) & 0xffff });

  await callHome(port, 'probe', {
    windows: () => {
      const found: bigint[] = [];
      EnumWindows((hwnd: bigint) => (found.push(hwnd), true), 0);
      return found.map((hwnd) => ({ ...describe(hwnd), topmost: (Number(GetWindowLongPtrW(hwnd, -20)) & 0x8) !== 0 })).filter((w) => w.visible);
    },
    controls: ({ hwnd }: { hwnd: string }) => children(h(hwnd)),
    windowAt: ({ x, y }: { x: number; y: number }) => {
      const at: Handle = WindowFromPoint({ x, y });
      const root: Handle = at === null ? null : GetAncestor(at, 2);
      return root === null ? null : describe(root);
    },
    text: ({ hwnd }: { hwnd: string }) => {
      const buffer = Buffer.alloc(65536);
      const n = Number(GetTextW(h(hwnd), 0x000d, 32768, buffer));
      return buffer.toString('utf16le', 0, n * 2);
    },
    cursor: () => {
      const p: Partial<{ x: number; y: number }> = {};
      GetCursorPos(p);
      return p;
    },
    /** What another program can do to a button without the user: BM_CLICK, or WM_COMMAND sent or posted. */
    bmClick: ({ hwnd }: { hwnd: string }) => void api.SendMessageW(h(hwnd), 0x00f5, 0, 0),
    sendCommand: ({ hwnd }: { hwnd: string }) => {
      const c = command(h(hwnd));
      api.SendMessageW(c.parent, 0x0111, c.wParam, h(hwnd) ?? 0);
    },
    postCommand: ({ hwnd }: { hwnd: string }) => {
      const c = command(h(hwnd));
      PostMessageW(c.parent, 0x0111, c.wParam, h(hwnd));
    },
    checked: ({ hwnd }: { hwnd: string }) => Number(api.SendMessageW(h(hwnd), 0x00f0, 0, 0)) === 1,
    /** Test setup: put a window somewhere (to overlap the panel). */
    moveWindow: ({ hwnd, x, y, width, height }: { hwnd: string; x: number; y: number; width: number; height: number }) => void api.MoveWindow(h(hwnd), x, y, width, height, true),
    setText: ({ hwnd, text }: { hwnd: string; text: string }) => void SetTextW(h(hwnd), 0x000c, 0, text),
  });
}
