import { windowsFfi } from './ffi.js';

/** VS_FIXEDFILEINFO starts with this signature; the version numbers follow it. */
const FIXED_FILE_INFO_SIGNATURE = 0xfeef04bd;

/** "a.b.c.d" from a VS_VERSIONINFO block, read from its fixed part; null without one. */
export function productVersionOf(block: Buffer): string | null {
  for (let offset = 0; offset + 24 <= block.length; offset += 4) {
    if (block.readUInt32LE(offset) !== FIXED_FILE_INFO_SIGNATURE) continue;
    const ms = block.readUInt32LE(offset + 16);
    const ls = block.readUInt32LE(offset + 20);
    return `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
  }
  return null;
}

let api: Promise<{ size: (file: string, handle: [number]) => number; info: (file: string, handle: number, length: number, data: Buffer) => number }> | null = null;

/** A program's product version from its version resource (version.dll), or null when it has none or is missing. */
export async function fileVersion(file: string): Promise<string | null> {
  api ??= windowsFfi().then(({ koffi }) => {
    const version = koffi.load('version.dll');
    return {
      size: version.func('uint32 __stdcall GetFileVersionInfoSizeW(str16 file, _Out_ uint32 *handle)') as (file: string, handle: [number]) => number,
      info: version.func('int __stdcall GetFileVersionInfoW(str16 file, uint32 handle, uint32 length, void *data)') as (file: string, handle: number, length: number, data: Buffer) => number,
    };
  });
  const v = await api;
  const size = v.size(file, [0]);
  if (!size) return null;
  const block = Buffer.alloc(size);
  return v.info(file, 0, size, block) ? productVersionOf(block) : null;
}
