import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { z } from 'zod';

/** What the build recorded about one file it put into the executable. */
export const AssetRecord = z.object({
  /** SHA-256 (hex) of the file as it must be on disk, after decompression. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  /** How it is stored in the executable: brotli-compressed, or as is. */
  encoding: z.enum(['br', 'identity']),
});
export type AssetRecord = z.infer<typeof AssetRecord>;

/** Recorded into the bundle at build time (esbuild `define`); absent when run from source. */
export const BuildInfo = z.object({
  version: z.string().min(1),
  target: z.enum(['win-x64', 'linux-x64']),
  assets: z.record(z.string(), AssetRecord),
});
export type BuildInfo = z.infer<typeof BuildInfo>;

export type AssetAction = 'verified' | 'extracted' | 'replaced';
export interface AssetOutcome {
  name: string;
  path: string;
  action: AssetAction;
}

export class AssetError extends Error {
  override readonly name = 'AssetError';
}

/**
 * The per-user folder the executable unpacks its files into, one per version so an update never
 * loads an older file: `%LOCALAPPDATA%\RemoteAssist\<version>` on Windows,
 * `$XDG_CACHE_HOME/remote-assist/<version>` (or `~/.cache/…`) elsewhere.
 */
export function assetDirectory(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string, version: string): string {
  if (platform === 'win32') return win32.join(env['LOCALAPPDATA'] || win32.join(home, 'AppData', 'Local'), 'RemoteAssist', version);
  return posix.join(env['XDG_CACHE_HOME'] || posix.join(home, '.cache'), 'remote-assist', version);
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function fileMatches(path: string, record: AssetRecord): boolean {
  if (!existsSync(path)) return false;
  const bytes = readFileSync(path);
  return bytes.length === record.size && sha256(bytes) === record.sha256;
}

/**
 * Makes sure `dir/name` holds exactly the recorded file: an intact file is used as it is; a
 * missing or altered one is unpacked again from `stored` (the bytes inside the executable),
 * which is itself checked first. Written to a temporary name and renamed, so a second copy of
 * the program starting at the same time never loads a half-written file.
 */
export function ensureAsset(dir: string, name: string, record: AssetRecord, stored: () => Uint8Array): AssetOutcome {
  const path = (dir.includes('\\') ? win32 : posix).join(dir, name);
  if (fileMatches(path, record)) return { name, path, action: 'verified' };
  const existed = existsSync(path);
  const raw = stored();
  const bytes = record.encoding === 'br' ? brotliDecompressSync(raw) : raw;
  if (bytes.length !== record.size || sha256(bytes) !== record.sha256) {
    throw new AssetError(`The program file is damaged (${name} inside it does not match its checksum). Download it again.`);
  }
  mkdirSync(dir, { recursive: true });
  const temporary = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(temporary, bytes, { mode: 0o755 });
    chmodSync(temporary, 0o755);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new AssetError(`Could not unpack ${name} into ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!fileMatches(path, record)) throw new AssetError(`${path} changed while it was being unpacked.`);
  return { name, path, action: existed ? 'replaced' : 'extracted' };
}

// Replaced by esbuild's `define` in the single-executable build; undeclared when run from source.
declare const RA_BUILD_INFO: unknown;

let cachedBuild: BuildInfo | null | undefined;

/** The build's record of its carried files, or null when running from a source checkout. */
export function buildInfo(): BuildInfo | null {
  if (cachedBuild === undefined) cachedBuild = typeof RA_BUILD_INFO === 'undefined' ? null : BuildInfo.parse(RA_BUILD_INFO);
  return cachedBuild;
}
