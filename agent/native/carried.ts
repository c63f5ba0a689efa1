import { getRawAsset, isSea } from 'node:sea';
import { homedir } from 'node:os';
import { AssetError, type AssetOutcome, assetDirectory, buildInfo, ensureAsset } from './assets.js';

const outcomes = new Map<string, AssetOutcome>();

/**
 * The path of a file the single executable carries (an addon, ffmpeg), unpacked into the
 * per-user folder and checked against the SHA-256 recorded at build time before anyone uses it;
 * null when running from source or when this build does not carry it.
 */
export function carriedFile(name: string): string | null {
  const build = buildInfo();
  if (!build || !isSea()) return null;
  const known = outcomes.get(name);
  if (known) return known.path;
  const record = build.assets[name];
  if (!record) return null;
  const dir = assetDirectory(process.platform, process.env, homedir(), build.version);
  const outcome = ensureAsset(dir, name, record, () => {
    const raw = getRawAsset(name);
    return typeof raw === 'string' ? Buffer.from(raw) : new Uint8Array(raw);
  });
  outcomes.set(name, outcome);
  return outcome.path;
}

/** Loads a carried native addon (`wrtc.node`, `koffi.node`) from its checked copy. */
export function loadCarriedAddon(name: string): unknown {
  const path = carriedFile(name);
  if (!path) throw new AssetError(`${name} is not part of this program; it runs only as the single executable built by npm run build:agent.`);
  const module = { exports: {} as unknown };
  process.dlopen(module, path);
  return module.exports;
}

/** Unpacks and checks every carried file now, so a damaged download is told at start. */
export function prepareCarriedFiles(): AssetOutcome[] {
  for (const name of Object.keys(buildInfo()?.assets ?? {})) carriedFile(name);
  return [...outcomes.values()];
}
