import { z } from 'zod';
import { optionalFunc, windowsFfi } from './ffi.js';

/**
 * The user32 and gdi32 calls the agent makes (its windows, input, monitors, DPI), declared once
 * through koffi and typed here, so callers get checked arguments instead of koffi's `any`.
 * Handles are koffi pointers: `bigint`, or null.
 */
export type Handle = bigint | null;
/** WPARAM/LPARAM: koffi gives a number when it fits, a bigint otherwise. */
export type Param = number | bigint;

export interface Point { x: number; y: number }
export interface Rect { left: number; top: number; right: number; bottom: number }
export interface Msg { hwnd: Handle; message: number; wParam: Param; lParam: Param; time: number; pt: Point; lPrivate: number }
export interface MouseInput { dx: number; dy: number; mouseData: number; dwFlags: number; time: number; dwExtraInfo: Param }
export interface KeybdInput { wVk: number; wScan: number; dwFlags: number; time: number; dwExtraInfo: Param }
export type Input = { type: 0; u: { mi: MouseInput } } | { type: 1; u: { ki: KeybdInput } };
export interface MonitorInfo { cbSize: number; rcMonitor?: Rect; rcWork?: Rect; dwFlags?: number; szDevice?: string }
export interface DisplayDevice { cb: number; DeviceName?: string; DeviceString?: string; StateFlags?: number; DeviceID?: string; DeviceKey?: string }
export type WndProc = (hwnd: Handle, msg: number, wParam: Param, lParam: Param) => Param;

export interface User32 {
  inputSize: number;
  wndClassSize: number;
  SendInput(count: number, inputs: Input[], size: number): number;
  GetSystemMetrics(index: number): number;
  GetMessageExtraInfo(): Param;
  /** Windows 10 1703 and later; null where user32 lacks it. */
  SetProcessDpiAwarenessContext: ((context: number) => boolean) | null;
  GetThreadDpiAwarenessContext: (() => number) | null;
  GetAwarenessFromDpiAwarenessContext: ((context: number) => number) | null;
  SetProcessDPIAware(): boolean;
  /** Windows 10 1607 and later; null where user32 lacks it. */
  GetDpiForWindow: ((hwnd: Handle) => number) | null;
  RegisterClassExW(wc: {
    cbSize: number; style: number; lpfnWndProc: bigint; cbClsExtra: number; cbWndExtra: number; hInstance: Handle; hIcon: Handle; hCursor: Handle;
    hbrBackground: Handle; lpszMenuName: string | null; lpszClassName: string; hIconSm: Handle;
  }): number;
  CreateWindowExW(exStyle: number, className: string, title: string, style: number, x: number, y: number, w: number, h: number, parent: Handle, menuOrId: Handle, instance: Handle, param: null): Handle;
  DestroyWindow(hwnd: Handle): boolean;
  DefWindowProcW: WndProc;
  PeekMessageW(msg: Msg, hwnd: Handle, min: number, max: number, remove: number): boolean;
  TranslateMessage(msg: Msg): boolean;
  DispatchMessageW(msg: Msg): Param;
  IsDialogMessageW(hwnd: Handle, msg: Msg): boolean;
  SendMessageW(hwnd: Handle, msg: number, wParam: Param, lParam: Param): Param;
  SetWindowTextW(hwnd: Handle, text: string): boolean;
  GetWindowTextW(hwnd: Handle, buffer: Buffer, max: number): number;
  GetWindowTextLengthW(hwnd: Handle): number;
  SetWindowPos(hwnd: Handle, after: Handle, x: number, y: number, w: number, h: number, flags: number): boolean;
  MoveWindow(hwnd: Handle, x: number, y: number, w: number, h: number, repaint: boolean): boolean;
  ShowWindow(hwnd: Handle, cmd: number): boolean;
  InvalidateRect(hwnd: Handle, rect: Rect | null, erase: boolean): boolean;
  EnableWindow(hwnd: Handle, enable: boolean): boolean;
  SetFocus(hwnd: Handle): Handle;
  GetFocus(): Handle;
  SetForegroundWindow(hwnd: Handle): boolean;
  GetWindowRect(hwnd: Handle, rect: Partial<Rect>): boolean;
  AdjustWindowRectEx(rect: Rect, style: number, menu: boolean, exStyle: number): boolean;
  SystemParametersInfoW(action: number, uiParam: number, rect: Partial<Rect>, winIni: number): boolean;
  LoadCursorW(instance: Handle, id: number): Handle;
  GetDC(hwnd: Handle): Handle;
  ReleaseDC(hwnd: Handle, dc: Handle): number;
  DrawTextW(dc: Handle, text: string, count: number, rect: Rect, format: number): number;
  CreateFontW(height: number, width: number, escapement: number, orientation: number, weight: number, italic: number, underline: number, strikeOut: number, charset: number, outPrecision: number, clipPrecision: number, quality: number, pitchAndFamily: number, face: string): Handle;
  DeleteObject(object: Handle): boolean;
  SelectObject(dc: Handle, object: Handle): Handle;
  GetTextFaceW(dc: Handle, count: number, buffer: Buffer): number;
  GetStockObject(index: number): Handle;
  monitorInfoSize: number;
  EnumDisplayMonitors(dc: null, clip: null, proc: (monitor: Handle) => boolean, data: number): boolean;
  GetMonitorInfoW(monitor: Handle, info: MonitorInfo): boolean;
  displayDeviceSize: number;
  EnumDisplayDevicesW(device: string | null, index: number, info: DisplayDevice, flags: number): boolean;
  /** Registers a window procedure with koffi; the pointer stays valid until `unregister`. */
  registerWndProc(proc: WndProc): { pointer: bigint; unregister(): void };
  /** The RECT a message's lParam points to (WM_DPICHANGED's suggested window rectangle). */
  readRect(pointer: Param): Rect;
}

let loaded: Promise<User32> | null = null;

const RectShape = z.object({ left: z.number(), top: z.number(), right: z.number(), bottom: z.number() });

/** user32 and gdi32; rejects where they cannot be loaded (not Windows, or no koffi). */
export function loadUser32(): Promise<User32> {
  loaded ??= windowsFfi().then(({ koffi, WNDPROC }): User32 => {
    const user32 = koffi.load('user32.dll');
    const gdi32 = koffi.load('gdi32.dll');
    const u = (prototype: string) => user32.func(prototype);
    const g = (prototype: string) => gdi32.func(prototype);
    return {
      inputSize: koffi.sizeof('INPUT'),
      wndClassSize: koffi.sizeof('WNDCLASSEXW'),
      monitorInfoSize: koffi.sizeof('MONITORINFOEXW'),
      displayDeviceSize: koffi.sizeof('DISPLAY_DEVICEW'),
      SendInput: u('uint32_t __stdcall SendInput(uint32_t count, const INPUT *inputs, int size)'),
      GetSystemMetrics: u('int __stdcall GetSystemMetrics(int index)'),
      GetMessageExtraInfo: u('LPARAM __stdcall GetMessageExtraInfo()'),
      SetProcessDpiAwarenessContext: optionalFunc(user32, 'bool __stdcall SetProcessDpiAwarenessContext(intptr_t context)'),
      GetThreadDpiAwarenessContext: optionalFunc(user32, 'intptr_t __stdcall GetThreadDpiAwarenessContext()'),
      GetAwarenessFromDpiAwarenessContext: optionalFunc(user32, 'int __stdcall GetAwarenessFromDpiAwarenessContext(intptr_t context)'),
      SetProcessDPIAware: u('bool __stdcall SetProcessDPIAware()'),
      GetDpiForWindow: optionalFunc(user32, 'uint32_t __stdcall GetDpiForWindow(HWND hwnd)'),
      EnumDisplayMonitors: u('bool __stdcall EnumDisplayMonitors(HANDLE dc, RECT *clip, MONITORENUMPROC *proc, LPARAM data)'),
      GetMonitorInfoW: u('bool __stdcall GetMonitorInfoW(HANDLE monitor, _Inout_ MONITORINFOEXW *info)'),
      EnumDisplayDevicesW: u('bool __stdcall EnumDisplayDevicesW(const char16_t *device, uint32_t index, _Inout_ DISPLAY_DEVICEW *info, uint32_t flags)'),
      RegisterClassExW: u('uint16_t __stdcall RegisterClassExW(const WNDCLASSEXW *wc)'),
      CreateWindowExW: u('HWND __stdcall CreateWindowExW(uint32_t ex, const char16_t *cls, const char16_t *title, uint32_t style, int x, int y, int w, int h, HWND parent, HANDLE menu, HANDLE instance, void *param)'),
      DestroyWindow: u('bool __stdcall DestroyWindow(HWND hwnd)'),
      DefWindowProcW: u('LRESULT __stdcall DefWindowProcW(HWND hwnd, uint32_t msg, WPARAM wp, LPARAM lp)'),
      PeekMessageW: u('bool __stdcall PeekMessageW(_Out_ MSG *msg, HWND hwnd, uint32_t min, uint32_t max, uint32_t remove)'),
      TranslateMessage: u('bool __stdcall TranslateMessage(const MSG *msg)'),
      DispatchMessageW: u('LRESULT __stdcall DispatchMessageW(const MSG *msg)'),
      IsDialogMessageW: u('bool __stdcall IsDialogMessageW(HWND hwnd, MSG *msg)'),
      SendMessageW: u('LRESULT __stdcall SendMessageW(HWND hwnd, uint32_t msg, WPARAM wp, LPARAM lp)'),
      SetWindowTextW: u('bool __stdcall SetWindowTextW(HWND hwnd, const char16_t *text)'),
      GetWindowTextW: u('int __stdcall GetWindowTextW(HWND hwnd, _Out_ uint8_t *buffer, int max)'),
      GetWindowTextLengthW: u('int __stdcall GetWindowTextLengthW(HWND hwnd)'),
      SetWindowPos: u('bool __stdcall SetWindowPos(HWND hwnd, HWND after, int x, int y, int w, int h, uint32_t flags)'),
      MoveWindow: u('bool __stdcall MoveWindow(HWND hwnd, int x, int y, int w, int h, bool repaint)'),
      ShowWindow: u('bool __stdcall ShowWindow(HWND hwnd, int cmd)'),
      InvalidateRect: u('bool __stdcall InvalidateRect(HWND hwnd, const RECT *rect, bool erase)'),
      EnableWindow: u('bool __stdcall EnableWindow(HWND hwnd, bool enable)'),
      SetFocus: u('HWND __stdcall SetFocus(HWND hwnd)'),
      GetFocus: u('HWND __stdcall GetFocus()'),
      SetForegroundWindow: u('bool __stdcall SetForegroundWindow(HWND hwnd)'),
      GetWindowRect: u('bool __stdcall GetWindowRect(HWND hwnd, _Out_ RECT *rect)'),
      AdjustWindowRectEx: u('bool __stdcall AdjustWindowRectEx(_Inout_ RECT *rect, uint32_t style, bool menu, uint32_t ex)'),
      SystemParametersInfoW: u('bool __stdcall SystemParametersInfoW(uint32_t action, uint32_t uiParam, _Out_ RECT *rect, uint32_t winIni)'),
      LoadCursorW: u('HANDLE __stdcall LoadCursorW(HANDLE instance, uintptr_t id)'),
      GetDC: u('HANDLE __stdcall GetDC(HWND hwnd)'),
      ReleaseDC: u('int __stdcall ReleaseDC(HWND hwnd, HANDLE dc)'),
      DrawTextW: u('int __stdcall DrawTextW(HANDLE dc, const char16_t *text, int count, _Inout_ RECT *rect, uint32_t format)'),
      CreateFontW: g('HANDLE __stdcall CreateFontW(int h, int w, int esc, int orient, int weight, uint32_t italic, uint32_t underline, uint32_t strike, uint32_t charset, uint32_t outPrec, uint32_t clipPrec, uint32_t quality, uint32_t pitch, const char16_t *face)'),
      DeleteObject: g('bool __stdcall DeleteObject(HANDLE object)'),
      SelectObject: g('HANDLE __stdcall SelectObject(HANDLE dc, HANDLE object)'),
      GetTextFaceW: g('int __stdcall GetTextFaceW(HANDLE dc, int count, _Out_ uint8_t *buffer)'),
      GetStockObject: g('HANDLE __stdcall GetStockObject(int index)'),
      registerWndProc: (proc) => {
        const pointer = koffi.register(proc, koffi.pointer(WNDPROC));
        return { pointer, unregister: () => koffi.unregister(pointer) };
      },
      readRect: (pointer) => RectShape.parse(koffi.decode(BigInt(pointer), 'RECT')),
    };
  });
  return loaded;
}

/** A window's text, read with GetWindowTextW. */
export function windowText(api: User32, hwnd: Handle): string {
  const length = api.GetWindowTextLengthW(hwnd);
  if (length <= 0) return '';
  const buffer = Buffer.alloc((length + 1) * 2);
  const copied = api.GetWindowTextW(hwnd, buffer, length + 1);
  return buffer.toString('utf16le', 0, copied * 2);
}
