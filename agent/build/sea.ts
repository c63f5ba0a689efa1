import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, constants } from 'node:zlib';
import { inject } from 'postject';
import { type AssetRecord, sha256 } from '../native/assets.js';
import { setPeSubsystem, stripPeSignature } from './pe.js';

const run = promisify(execFile);

/** The fuse Node's single-executable support looks for (documented in Node's SEA guide). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/**
 * Stores a carried file brotli-compressed (quality 5: a third of ffmpeg's size in ~2 s; higher
 * qualities win a few percent for many times the time) and records its SHA-256 and size as
 * they must be once unpacked.
 */
export function packAsset(source: string, packedPath: string): AssetRecord {
  const bytes = readFileSync(source);
  const packed = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  writeFileSync(packedPath, packed);
  return { sha256: sha256(bytes), size: bytes.length, encoding: 'br' };
}

/**
 * The SEA blob: the bundle plus the packed assets, made by `blobNode` — a Node of the same
 * version as the runtime it goes into. Without snapshot and code cache the blob holds no
 * machine code, so the Linux build of that Node makes it for node.exe too (checked under Wine:
 * docs/agent.md).
 */
export async function makeBlob(blobNode: string, bundle: string, packedAssets: Record<string, string>, workDir: string): Promise<string> {
  const config = join(workDir, 'sea-config.json');
  const blob = join(workDir, 'sea-prep.blob');
  writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets: packedAssets }, null, 2));
  await run(blobNode, ['--experimental-sea-config', config], { cwd: workDir });
  return blob;
}

/**
 * Copies the runtime to `out` and injects the blob; on Windows without Node's old signature,
 * and marked a GUI program after the injection (postject rewrites the headers; a signature, when
 * configured, comes after this).
 */
export async function injectBlob(runtime: string, blob: string, out: string, windows: boolean): Promise<void> {
  if (windows) writeFileSync(out, stripPeSignature(readFileSync(runtime)));
  else copyFileSync(runtime, out);
  chmodSync(out, 0o755);
  await inject(out, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE, overwrite: true });
  if (windows) {
    const exe = readFileSync(out);
    setPeSubsystem(exe, 'gui');
    writeFileSync(out, exe);
  }
}
