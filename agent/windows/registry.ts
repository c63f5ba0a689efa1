import { type WindowsFfi, windowsFfi } from './ffi.js';

/** The hives the diagnostics read. Predefined keys are sign-extended 32-bit values on 64-bit Windows. */
export const HIVES = { HKLM: -2147483646, HKCU: -2147483647 } as const;
export type Hive = keyof typeof HIVES;

/** Which registry view: the native 64-bit one, or the 32-bit programs' one (WOW6432Node). */
export type RegistryView = 64 | 32;

export type RegistryValue = string | number | string[] | Buffer;

const KEY_READ = 0x20019;
const KEY_WOW64_64KEY = 0x0100;
const KEY_WOW64_32KEY = 0x0200;
const ERROR_SUCCESS = 0;
const ERROR_FILE_NOT_FOUND = 2;
const ERROR_MORE_DATA = 234;
const ERROR_NO_MORE_ITEMS = 259;
const REG = { SZ: 1, EXPAND_SZ: 2, BINARY: 3, DWORD: 4, MULTI_SZ: 7, QWORD: 11 };

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

function bind({ koffi }: WindowsFfi) {
  const advapi32 = koffi.load('advapi32.dll');
  return {
    RegOpenKeyExW: advapi32.func('long __stdcall RegOpenKeyExW(intptr_t key, str16 subKey, uint32 options, uint32 sam, _Out_ intptr_t *result)') as (key: number, sub: string, options: number, sam: number, out: [number]) => number,
    RegCloseKey: advapi32.func('long __stdcall RegCloseKey(intptr_t key)') as (key: number) => number,
    RegQueryValueExW: advapi32.func('long __stdcall RegQueryValueExW(intptr_t key, str16 name, void *reserved, _Out_ uint32 *type, void *data, _Inout_ uint32 *size)') as (key: number, name: string, reserved: null, type: [number], data: Buffer | null, size: [number]) => number,
    RegEnumKeyExW: advapi32.func('long __stdcall RegEnumKeyExW(intptr_t key, uint32 index, void *name, _Inout_ uint32 *length, void *reserved, void *cls, void *clsLength, void *written)') as (key: number, index: number, name: Buffer, length: [number], r: null, c: null, cl: null, w: null) => number,
  };
}

function decode(type: number, data: Buffer): RegistryValue {
  switch (type) {
    case REG.SZ:
    case REG.EXPAND_SZ:
      return data.toString('utf16le').replace(/\0+$/, '');
    case REG.MULTI_SZ:
      return data.toString('utf16le').split('\0').filter(Boolean);
    case REG.DWORD:
      return data.length >= 4 ? data.readUInt32LE(0) : 0;
    case REG.QWORD:
      return data.length >= 8 ? Number(data.readBigUInt64LE(0)) : 0;
    default:
      return data;
  }
}

/**
 * Read-only access to the Windows registry through advapi32 (RegOpenKeyExW, RegQueryValueExW,
 * RegEnumKeyExW) — no PowerShell, no `reg.exe`. A missing key or value is `null`, not an error:
 * the diagnostics tell "not installed" from "could not read".
 */
export interface Registry {
  subkeys(hive: Hive, path: string, view?: RegistryView): string[] | null;
  value(hive: Hive, path: string, name: string, view?: RegistryView): RegistryValue | null;
  /** The named values of a key, those that exist; null when the key does not. */
  values(hive: Hive, path: string, names: readonly string[], view?: RegistryView): Record<string, RegistryValue> | null;
}

let registry: Promise<Registry> | null = null;

export function openRegistry(): Promise<Registry> {
  registry ??= windowsFfi().then((ffi) => {
    const api = bind(ffi);
    const withKey = <T>(hive: Hive, path: string, view: RegistryView, use: (key: number) => T): T | null => {
      const out: [number] = [0];
      const status = api.RegOpenKeyExW(HIVES[hive], path, 0, KEY_READ | (view === 32 ? KEY_WOW64_32KEY : KEY_WOW64_64KEY), out);
      if (status === ERROR_FILE_NOT_FOUND) return null;
      if (status !== ERROR_SUCCESS) throw new RegistryError(`cannot open ${hive}\\${path} (error ${status})`);
      try {
        return use(out[0]);
      } finally {
        api.RegCloseKey(out[0]);
      }
    };
    const read = (key: number, name: string): RegistryValue | null => {
      const type: [number] = [0];
      const size: [number] = [0];
      let status = api.RegQueryValueExW(key, name, null, type, null, size);
      if (status === ERROR_FILE_NOT_FOUND) return null;
      for (let tries = 0; tries < 3 && (status === ERROR_SUCCESS || status === ERROR_MORE_DATA); tries++) {
        const data = Buffer.alloc(size[0]);
        status = api.RegQueryValueExW(key, name, null, type, data, size);
        if (status === ERROR_SUCCESS) return decode(type[0], data.subarray(0, size[0]));
      }
      throw new RegistryError(`cannot read value ${name} (error ${status})`);
    };
    return {
      subkeys: (hive, path, view = 64) =>
        withKey(hive, path, view, (key) => {
          const names: string[] = [];
          // Key names are at most 255 characters.
          const buffer = Buffer.alloc(512);
          for (let index = 0; ; index++) {
            const length: [number] = [256];
            const status = api.RegEnumKeyExW(key, index, buffer, length, null, null, null, null);
            if (status === ERROR_NO_MORE_ITEMS) return names;
            if (status !== ERROR_SUCCESS) throw new RegistryError(`cannot list ${hive}\\${path} (error ${status})`);
            names.push(buffer.toString('utf16le', 0, length[0] * 2));
          }
        }),
      value: (hive, path, name, view = 64) => withKey(hive, path, view, (key) => read(key, name)) ?? null,
      values: (hive, path, names, view = 64) =>
        withKey(hive, path, view, (key) => {
          const found: Record<string, RegistryValue> = {};
          for (const name of names) {
            const v = read(key, name);
            if (v !== null) found[name] = v;
          }
          return found;
        }),
    };
  });
  return registry;
}
