import { z } from 'zod';
import { koffi } from './koffi.js';

/**
 * The Win32 calls the agent makes (user32, gdi32, kernel32), declared once through koffi and
 * typed here, so callers get checked arguments instead of koffi's `any`. Loaded on first use,
 * only on Windows (under Wine too). Handles are koffi pointers: `bigint`, or null.
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
export type WndProc = (hwnd: Handle, msg: number, wParam: Param, lParam: Param) => Param;

export interface Win32 {
  inputSize: number;
  wndClassSize: number;
  SendInput(count: number, inputs: Input[], size: number): number;
  GetSystemMetrics(index: number): number;
  GetMessageExtraInfo(): Param;
  /** Windows 10 1703 and later; null where user32 lacks it. */
  SetProcessDpiAwarenessContext: ((context: number) => boolean) | null;
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
  GetModuleHandleW(name: string | null): Handle;
  GetUserDefaultUILanguage(): number;
}

let loaded: Win32 | null = null;
let wndProcType: ReturnType<typeof koffi.proto> | null = null;

function declareTypes() {
  const HANDLE = koffi.pointer('HANDLE', koffi.opaque());
  koffi.alias('HWND', HANDLE);
  koffi.alias('WPARAM', 'uintptr_t');
  koffi.alias('LPARAM', 'intptr_t');
  koffi.alias('LRESULT', 'intptr_t');
  const WNDPROC = koffi.proto('LRESULT __stdcall WNDPROC(HWND hwnd, uint32_t msg, WPARAM wp, LPARAM lp)');
  koffi.struct('WNDCLASSEXW', {
    cbSize: 'uint32_t', style: 'uint32_t', lpfnWndProc: koffi.pointer(WNDPROC), cbClsExtra: 'int', cbWndExtra: 'int', hInstance: 'HANDLE', hIcon: 'HANDLE',
    hCursor: 'HANDLE', hbrBackground: 'HANDLE', lpszMenuName: 'const char16_t *', lpszClassName: 'const char16_t *', hIconSm: 'HANDLE',
  });
  koffi.struct('POINT', { x: 'long', y: 'long' });
  koffi.struct('RECT', { left: 'long', top: 'long', right: 'long', bottom: 'long' });
  koffi.struct('MSG', { hwnd: 'HWND', message: 'uint32_t', wParam: 'WPARAM', lParam: 'LPARAM', time: 'uint32_t', pt: 'POINT', lPrivate: 'uint32_t' });
  // mouseData is a DWORD holding a signed wheel delta: declared signed, same bits.
  const MOUSEINPUT = koffi.struct('MOUSEINPUT', { dx: 'long', dy: 'long', mouseData: 'int32_t', dwFlags: 'uint32_t', time: 'uint32_t', dwExtraInfo: 'uintptr_t' });
  const KEYBDINPUT = koffi.struct('KEYBDINPUT', { wVk: 'uint16_t', wScan: 'uint16_t', dwFlags: 'uint32_t', time: 'uint32_t', dwExtraInfo: 'uintptr_t' });
  // HARDWAREINPUT is never sent; MOUSEINPUT is the largest member, so the union has the right size.
  koffi.struct('INPUT', { type: 'uint32_t', u: koffi.union('INPUT_UNION', { mi: MOUSEINPUT, ki: KEYBDINPUT }) });
  return { WNDPROC };
}

/** The Win32 functions; throws where user32 cannot be loaded (not Windows, or no koffi). */
export function win32(): Win32 {
  if (loaded) return loaded;
  const { WNDPROC } = declareTypes();
  wndProcType = WNDPROC;
  const user32 = koffi.load('user32.dll');
  const gdi32 = koffi.load('gdi32.dll');
  const kernel32 = koffi.load('kernel32.dll');
  const u = (prototype: string) => user32.func(prototype);
  const optional = (prototype: string) => {
    try {
      return user32.func(prototype);
    } catch {
      // koffi throws when the export is missing: an older Windows, where we do without it.
      return null;
    }
  };
  loaded = {
    inputSize: koffi.sizeof('INPUT'),
    wndClassSize: koffi.sizeof('WNDCLASSEXW'),
    SendInput: u('uint32_t __stdcall SendInput(uint32_t count, const INPUT *inputs, int size)'),
    GetSystemMetrics: u('int __stdcall GetSystemMetrics(int index)'),
    GetMessageExtraInfo: u('LPARAM __stdcall GetMessageExtraInfo()'),
    SetProcessDpiAwarenessContext: optional('bool __stdcall SetProcessDpiAwarenessContext(intptr_t context)'),
    SetProcessDPIAware: u('bool __stdcall SetProcessDPIAware()'),
    GetDpiForWindow: optional('uint32_t __stdcall GetDpiForWindow(HWND hwnd)'),
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
    CreateFontW: gdi32.func('HANDLE __stdcall CreateFontW(int h, int w, int esc, int orient, int weight, uint32_t italic, uint32_t underline, uint32_t strike, uint32_t charset, uint32_t outPrec, uint32_t clipPrec, uint32_t quality, uint32_t pitch, const char16_t *face)'),
    DeleteObject: gdi32.func('bool __stdcall DeleteObject(HANDLE object)'),
    SelectObject: gdi32.func('HANDLE __stdcall SelectObject(HANDLE dc, HANDLE object)'),
    GetTextFaceW: gdi32.func('int __stdcall GetTextFaceW(HANDLE dc, int count, _Out_ uint8_t *buffer)'),
    GetStockObject: gdi32.func('HANDLE __stdcall GetStockObject(int index)'),
    GetModuleHandleW: kernel32.func('HANDLE __stdcall GetModuleHandleW(const char16_t *name)'),
    GetUserDefaultUILanguage: kernel32.func('uint16_t __stdcall GetUserDefaultUILanguage()'),
  };
  return loaded;
}

/** Registers a window procedure with koffi; the pointer stays valid until `unregister`. */
export function registerWndProc(proc: WndProc): { pointer: bigint; unregister(): void } {
  win32();
  const pointer = koffi.register(proc, koffi.pointer(wndProcType!));
  return { pointer, unregister: () => koffi.unregister(pointer) };
}

/** The RECT a message's lParam points to (WM_DPICHANGED's suggested window rectangle). */
export function readRect(pointer: Param): Rect {
  win32();
  return RectShape.parse(koffi.decode(BigInt(pointer), 'RECT'));
}

const RectShape = z.object({ left: z.number(), top: z.number(), right: z.number(), bottom: z.number() });

/** A window's text, read with GetWindowTextW. */
export function windowText(api: Win32, hwnd: Handle): string {
  const length = api.GetWindowTextLengthW(hwnd);
  if (length <= 0) return '';
  const buffer = Buffer.alloc((length + 1) * 2);
  const copied = api.GetWindowTextW(hwnd, buffer, length + 1);
  return buffer.toString('utf16le', 0, copied * 2);
}
