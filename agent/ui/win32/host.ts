import type { Language } from '../../i18n.js';
import { AGENT_INPUT_MARK } from '../../input/windows.js';
import { makeDpiAware } from '../../windows/dpi.js';
import { type Kernel32, loadKernel32 } from '../../windows/kernel32.js';
import { type Handle, loadUser32, type Msg, type Param, type User32 } from '../../windows/user32.js';
import type { Screen, ScreenEvents, ScreenHost, ScreenWindow } from '../screen.js';
import { ActivationGuard } from './activation.js';
import { COLOR_BTNFACE, IDC_ARROW, KEY_REPEAT_BIT, PM_REMOVE, WM } from './constants.js';
import { Fonts } from './fonts.js';
import { Win32Window, type WindowServices } from './window.js';

const CLASS_NAME = 'RemoteAssistSupportWindow';
const LANG_KOREAN = 0x12;
/**
 * How often the pump empties the message queue: once a frame (60 Hz) feels instant. Measured
 * under Wine with the panel open and idle: 3.3 % of a core at 10 ms, 2.7 % at 16, 2.2 % at 20.
 */
const PUMP_EVERY_MS = 16;

/**
 * Win32 windows from Node: one window class with a koffi-registered window procedure, and a
 * message pump driven by Node's event loop (PeekMessageW on a short interval), so sockets,
 * WebRTC and timers keep running while the windows are up. Windows' own modal loops (dragging
 * a window by its title bar) hold the event loop for as long as they last.
 */
export class Win32Host implements ScreenHost {
  readonly systemLanguage: Language;
  private readonly fonts: Fonts;
  private readonly guard = new ActivationGuard();
  private readonly windows = new Map<bigint, Win32Window>();
  private readonly services: WindowServices;
  private readonly procedure: { pointer: bigint; unregister(): void };
  private pump: NodeJS.Timeout | null = null;
  private readonly message: Msg = { hwnd: null, message: 0, wParam: 0, lParam: 0, time: 0, pt: { x: 0, y: 0 }, lPrivate: 0 };

  /** The host for this process: user32 and kernel32 through koffi. */
  static async create(onError: (error: Error) => void = () => undefined): Promise<Win32Host> {
    const [user32, kernel32] = await Promise.all([loadUser32(), loadKernel32()]);
    return new Win32Host(user32, kernel32, onError);
  }

  constructor(
    private readonly api: User32,
    kernel32: Pick<Kernel32, 'GetModuleHandleW' | 'GetUserDefaultUILanguage'>,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    makeDpiAware(api);
    const instance = kernel32.GetModuleHandleW(null);
    this.procedure = api.registerWndProc((hwnd, msg, wParam, lParam) => this.windowProcedure(hwnd, msg, wParam, lParam));
    const atom = api.RegisterClassExW({
      cbSize: api.wndClassSize, style: 0, lpfnWndProc: this.procedure.pointer, cbClsExtra: 0, cbWndExtra: 0, hInstance: instance, hIcon: null,
      hCursor: api.LoadCursorW(null, IDC_ARROW), hbrBackground: BigInt(COLOR_BTNFACE + 1), lpszMenuName: null, lpszClassName: CLASS_NAME, hIconSm: null,
    });
    if (!atom) throw new Error('RegisterClassExW failed');
    this.fonts = new Fonts(api);
    this.systemLanguage = (kernel32.GetUserDefaultUILanguage() & 0x3ff) === LANG_KOREAN ? 'ko' : 'en';
    this.services = {
      api,
      fonts: this.fonts,
      guard: this.guard,
      className: CLASS_NAME,
      instance,
      attach: (w) => this.windows.set(w.hwnd, w),
      detach: (w) => this.windows.delete(w.hwnd),
      dpiOf: (hwnd) => api.GetDpiForWindow?.(hwnd) || 96,
      decodeRect: (pointer) => api.readRect(pointer),
    };
  }

  /** The face the windows draw with (Malgun Gothic on Windows; a free Hangul face under Wine). */
  get fontFace(): string {
    return this.fonts.face;
  }

  open(screen: Screen, events: ScreenEvents): ScreenWindow {
    const window = new Win32Window(this.services, screen, events);
    this.pump ??= setInterval(() => this.pumpMessages(), PUMP_EVERY_MS);
    return window;
  }

  close(): void {
    for (const w of [...this.windows.values()]) w.close();
    this.pumpMessages();
    if (this.pump) clearInterval(this.pump);
    this.pump = null;
  }

  private windowProcedure(hwnd: Handle, msg: number, wParam: Param, lParam: Param): Param {
    const window = hwnd === null ? undefined : this.windows.get(hwnd);
    if (window) {
      try {
        const result = window.handle(msg, wParam, lParam);
        if (result !== null) return result;
      } catch (error) {
        // An exception must not unwind through user32's frames: report it, let Windows carry on.
        this.onError(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return this.api.DefWindowProcW(hwnd, msg, wParam, lParam);
  }

  private pumpMessages(): void {
    const { api, message: m } = this;
    while (api.PeekMessageW(m, null, 0, 0, PM_REMOVE)) {
      this.guard.begin(this.asInput(m));
      try {
        const top = m.hwnd === null ? undefined : [...this.windows.values()].find((w) => w.owns(m.hwnd!));
        // IsDialogMessage gives our windows Tab, Shift+Tab, Esc and Enter for the default button.
        if (!top || !api.IsDialogMessageW(top.hwnd, m)) {
          api.TranslateMessage(m);
          api.DispatchMessageW(m);
        }
      } catch (error) {
        this.onError(error instanceof Error ? error : new Error(String(error)));
      } finally {
        this.guard.end();
      }
    }
    if (this.windows.size === 0 && this.pump) {
      clearInterval(this.pump);
      this.pump = null;
    }
  }

  private asInput(m: Msg) {
    const key = m.message >= WM.KEYDOWN && m.message <= WM.KEYLAST;
    const mouse = m.message >= WM.MOUSEFIRST && m.message <= WM.MOUSELAST;
    if (m.hwnd === null || !(key || mouse)) return null;
    return {
      hwnd: m.hwnd,
      message: m.message,
      wParam: Number(m.wParam),
      repeat: key && (Number(m.lParam) & KEY_REPEAT_BIT) !== 0,
      byAgent: Number(this.api.GetMessageExtraInfo()) === AGENT_INPUT_MARK,
    };
  }
}
