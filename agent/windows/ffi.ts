import { type KoffiModule, loadKoffi } from '../native/modules.js';

/**
 * koffi (loaded through `loadKoffi()`, so it works from a checkout and inside the single
 * executable) with the Win32 types every binding module uses, declared once per process: koffi
 * keeps named types in one registry and refuses a name declared twice. Loaded on first use, only
 * on Windows (under Wine too).
 */
export interface WindowsFfi {
  koffi: KoffiModule;
  /** The window procedure's type, for registering a JavaScript function as one. */
  WNDPROC: ReturnType<KoffiModule['proto']>;
}

let ffi: Promise<WindowsFfi> | null = null;

function declare(koffi: KoffiModule): WindowsFfi {
  const HANDLE = koffi.pointer('HANDLE', koffi.opaque());
  koffi.alias('HWND', HANDLE);
  koffi.alias('WPARAM', 'uintptr_t');
  koffi.alias('LPARAM', 'intptr_t');
  koffi.alias('LRESULT', 'intptr_t');
  const WNDPROC = koffi.proto('LRESULT __stdcall WNDPROC(HWND hwnd, uint32_t msg, WPARAM wp, LPARAM lp)');
  koffi.proto('bool __stdcall WNDENUMPROC(HWND hwnd, LPARAM lp)');
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
  koffi.struct('MONITORINFOEXW', { cbSize: 'uint32_t', rcMonitor: 'RECT', rcWork: 'RECT', dwFlags: 'uint32_t', szDevice: koffi.array('char16', 32, 'String') });
  koffi.proto('bool __stdcall MONITORENUMPROC(HANDLE monitor, HANDLE dc, RECT *rect, LPARAM data)');
  koffi.struct('DISPLAY_DEVICEW', {
    cb: 'uint32_t', DeviceName: koffi.array('char16', 32, 'String'), DeviceString: koffi.array('char16', 128, 'String'), StateFlags: 'uint32_t',
    DeviceID: koffi.array('char16', 128, 'String'), DeviceKey: koffi.array('char16', 128, 'String'),
  });
  koffi.struct('MEMORYSTATUSEX', {
    dwLength: 'uint32_t', dwMemoryLoad: 'uint32_t', ullTotalPhys: 'uint64_t', ullAvailPhys: 'uint64_t', ullTotalPageFile: 'uint64_t', ullAvailPageFile: 'uint64_t',
    ullTotalVirtual: 'uint64_t', ullAvailVirtual: 'uint64_t', ullAvailExtendedVirtual: 'uint64_t',
  });
  koffi.struct('PROCESSENTRY32W', {
    dwSize: 'uint32_t', cntUsage: 'uint32_t', th32ProcessID: 'uint32_t', th32DefaultHeapID: 'uintptr_t', th32ModuleID: 'uint32_t', cntThreads: 'uint32_t',
    th32ParentProcessID: 'uint32_t', pcPriClassBase: 'int32_t', dwFlags: 'uint32_t', szExeFile: koffi.array('char16', 260, 'String'),
  });
  koffi.struct('PROCESS_MEMORY_COUNTERS', {
    cb: 'uint32_t', PageFaultCount: 'uint32_t', PeakWorkingSetSize: 'size_t', WorkingSetSize: 'size_t', QuotaPeakPagedPoolUsage: 'size_t', QuotaPagedPoolUsage: 'size_t',
    QuotaPeakNonPagedPoolUsage: 'size_t', QuotaNonPagedPoolUsage: 'size_t', PagefileUsage: 'size_t', PeakPagefileUsage: 'size_t',
  });
  return { koffi, WNDPROC };
}

export function windowsFfi(): Promise<WindowsFfi> {
  ffi ??= loadKoffi().then(declare);
  return ffi;
}

/**
 * A function a DLL may lack on an older Windows (or on Wine): koffi throws when the export is
 * missing, and the caller then does without it.
 */
export function optionalFunc<T>(lib: ReturnType<KoffiModule['load']>, prototype: string): T | null {
  try {
    return lib.func(prototype) as T;
  } catch {
    // The export is missing: an older system, where the caller falls back to an older call.
    return null;
  }
}
