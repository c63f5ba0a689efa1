import { type WindowsFfi, windowsFfi } from './ffi.js';

/** GetDriveTypeW's answers. */
export const DRIVE_TYPES = ['unknown', 'no root', 'removable', 'fixed', 'network', 'cd-rom', 'ram disk'] as const;
export type DriveType = (typeof DRIVE_TYPES)[number];

export interface Volume {
  root: string;
  type: DriveType;
  label: string;
  fileSystem: string;
  freeBytes: number;
  totalBytes: number;
}

export interface ProcessSample {
  pid: number;
  name: string;
  /** Kernel + user CPU time so far, in 100 ns units; null when the process cannot be opened. */
  cpuTime: number | null;
  workingSetBytes: number | null;
}

const TH32CS_SNAPPROCESS = 0x2;
const INVALID_HANDLE = -1;
const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
const PROCESS_VM_READ = 0x10;

function bind({ koffi }: WindowsFfi) {
  const kernel32 = koffi.load('kernel32.dll');
  return {
    entrySize: koffi.sizeof('PROCESSENTRY32W'),
    countersSize: koffi.sizeof('PROCESS_MEMORY_COUNTERS'),
    memoryStatusSize: koffi.sizeof('MEMORYSTATUSEX'),
    GetLastError: kernel32.func('uint32 __stdcall GetLastError()') as () => number,
    GetModuleHandleW: kernel32.func('HANDLE __stdcall GetModuleHandleW(const char16_t *name)') as (name: string | null) => bigint | null,
    GetUserDefaultUILanguage: kernel32.func('uint16_t __stdcall GetUserDefaultUILanguage()') as () => number,
    GlobalMemoryStatusEx: kernel32.func('int __stdcall GlobalMemoryStatusEx(_Inout_ MEMORYSTATUSEX *status)') as (status: { dwLength: number; ullTotalPhys?: number | bigint }) => number,
    GetVolumePathNameW: kernel32.func('int __stdcall GetVolumePathNameW(str16 path, void *root, uint32 length)') as (path: string, root: Buffer, length: number) => number,
    GetDriveTypeW: kernel32.func('uint32 __stdcall GetDriveTypeW(str16 root)') as (root: string) => number,
    GetDiskFreeSpaceExW: kernel32.func('int __stdcall GetDiskFreeSpaceExW(str16 root, _Out_ uint64 *available, _Out_ uint64 *total, _Out_ uint64 *free)') as (root: string, available: [number], total: [number], free: [number]) => number,
    GetVolumeInformationW: kernel32.func('int __stdcall GetVolumeInformationW(str16 root, void *label, uint32 labelLength, void *serial, void *maxComponent, void *flags, void *fs, uint32 fsLength)') as (root: string, label: Buffer, ll: number, s: null, m: null, f: null, fs: Buffer, fl: number) => number,
    GetLogicalDriveStringsW: kernel32.func('uint32 __stdcall GetLogicalDriveStringsW(uint32 length, void *buffer)') as (length: number, buffer: Buffer) => number,
    CreateToolhelp32Snapshot: kernel32.func('intptr_t __stdcall CreateToolhelp32Snapshot(uint32 flags, uint32 pid)') as (flags: number, pid: number) => number,
    Process32FirstW: kernel32.func('int __stdcall Process32FirstW(intptr_t snapshot, _Inout_ PROCESSENTRY32W *entry)') as (snapshot: number, entry: { dwSize: number; th32ProcessID?: number; szExeFile?: string }) => number,
    Process32NextW: kernel32.func('int __stdcall Process32NextW(intptr_t snapshot, _Inout_ PROCESSENTRY32W *entry)') as (snapshot: number, entry: { dwSize: number; th32ProcessID?: number; szExeFile?: string }) => number,
    CloseHandle: kernel32.func('int __stdcall CloseHandle(intptr_t handle)') as (handle: number) => number,
    OpenProcess: kernel32.func('intptr_t __stdcall OpenProcess(uint32 access, int inherit, uint32 pid)') as (access: number, inherit: number, pid: number) => number,
    GetProcessTimes: kernel32.func('int __stdcall GetProcessTimes(intptr_t process, _Out_ uint64 *creation, _Out_ uint64 *exit, _Out_ uint64 *kernel, _Out_ uint64 *user)') as (h: number, c: [number], e: [number], k: [number], u: [number]) => number,
    K32GetProcessMemoryInfo: kernel32.func('int __stdcall K32GetProcessMemoryInfo(intptr_t process, _Inout_ PROCESS_MEMORY_COUNTERS *counters, uint32 size)') as (h: number, counters: { cb: number; WorkingSetSize?: number }, size: number) => number,
  };
}

export type Kernel32 = ReturnType<typeof bind>;

let kernel32: Promise<Kernel32> | null = null;
/** kernel32's calls; rejects where they cannot be loaded (not Windows, or no koffi). */
export const loadKernel32 = (): Promise<Kernel32> => (kernel32 ??= windowsFfi().then(bind));
const api = loadKernel32;

const wide = (buffer: Buffer) => buffer.toString('utf16le').replace(/\0.*$/s, '');

/** The root of the volume a path lives on ("C:\\", or a mount folder), whether or not the path exists yet. */
export async function volumeRootOf(path: string): Promise<string | null> {
  const k = await api();
  const root = Buffer.alloc(1024);
  return k.GetVolumePathNameW(path, root, 512) ? wide(root) : null;
}

/** One volume: its kind (GetDriveTypeW — "ram disk" is DRIVE_RAMDISK), label, file system and space. */
export async function volume(root: string): Promise<Volume> {
  const k = await api();
  const available: [number] = [0];
  const total: [number] = [0];
  const free: [number] = [0];
  if (!k.GetDiskFreeSpaceExW(root, available, total, free)) throw new Error(`GetDiskFreeSpaceExW(${root}) failed (error ${k.GetLastError()})`);
  const label = Buffer.alloc(528);
  const fs = Buffer.alloc(528);
  const named = k.GetVolumeInformationW(root, label, 261, null, null, null, fs, 261);
  return { root, type: DRIVE_TYPES[k.GetDriveTypeW(root)] ?? 'unknown', label: named ? wide(label) : '', fileSystem: named ? wide(fs) : '', freeBytes: Number(available[0]), totalBytes: Number(total[0]) };
}

/** Every drive letter's root ("C:\\", "D:\\"…). */
export async function driveRoots(): Promise<string[]> {
  const k = await api();
  const buffer = Buffer.alloc(2048);
  const length = k.GetLogicalDriveStringsW(1024, buffer);
  return buffer.toString('utf16le', 0, length * 2).split('\0').filter(Boolean);
}

/** Every process (toolhelp snapshot) with its CPU time and working set where it can be opened. */
export async function processSnapshot(): Promise<ProcessSample[]> {
  const k = await api();
  const snapshot = k.CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  if (snapshot === INVALID_HANDLE || snapshot === 0) throw new Error(`CreateToolhelp32Snapshot failed (error ${k.GetLastError()})`);
  const found: Array<{ pid: number; name: string }> = [];
  try {
    const entry: { dwSize: number; th32ProcessID?: number; szExeFile?: string } = { dwSize: k.entrySize };
    for (let more = k.Process32FirstW(snapshot, entry); more; more = k.Process32NextW(snapshot, entry)) {
      found.push({ pid: entry.th32ProcessID ?? 0, name: entry.szExeFile ?? '' });
      entry.dwSize = k.entrySize;
    }
  } finally {
    k.CloseHandle(snapshot);
  }
  return found.map(({ pid, name }) => {
    const handle = pid === 0 ? 0 : k.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ, 0, pid) || k.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
    if (!handle) return { pid, name, cpuTime: null, workingSetBytes: null };
    try {
      const created: [number] = [0];
      const exited: [number] = [0];
      const kernel: [number] = [0];
      const user: [number] = [0];
      const cpuTime = k.GetProcessTimes(handle, created, exited, kernel, user) ? Number(kernel[0]) + Number(user[0]) : null;
      const counters = { cb: k.countersSize, WorkingSetSize: 0 };
      const workingSetBytes = k.K32GetProcessMemoryInfo(handle, counters, k.countersSize) ? Number(counters.WorkingSetSize) : null;
      return { pid, name, cpuTime, workingSetBytes };
    } finally {
      k.CloseHandle(handle);
    }
  });
}

/** The installed physical memory (GlobalMemoryStatusEx), in bytes. */
export async function totalMemoryBytes(): Promise<number> {
  const k = await api();
  const status: { dwLength: number; ullTotalPhys?: number | bigint } = { dwLength: k.memoryStatusSize };
  if (!k.GlobalMemoryStatusEx(status)) throw new Error(`GlobalMemoryStatusEx failed (error ${k.GetLastError()})`);
  return Number(status.ullTotalPhys ?? 0);
}
