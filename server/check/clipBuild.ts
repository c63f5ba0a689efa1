import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHECK_FRAMERATE, CLIP_NAMES, clipFileName, type ClipName } from '../../shared/playbackCheck/catalog.js';
import { MANIFEST_FILE, readClipManifest, type ClipManifest } from './clipManifest.js';

const execFileAsync = promisify(execFile);

interface ClipSpec {
  width: number;
  height: number;
  seconds: number;
  /** Constant bitrate, so each clip stays a few hundred KB. */
  bitrate: string;
  /** H.264 level for the size: 3.1 covers 720p30, 4.0 1080p30. */
  level: string;
}

/** The test clips: 3 s of `testsrc2` (a moving pattern, so every frame really decodes). */
export const CLIP_SPECS: Record<ClipName, ClipSpec> = {
  '720p': { width: 1280, height: 720, seconds: 3, bitrate: '700k', level: '3.1' },
  '1080p': { width: 1920, height: 1080, seconds: 3, bitrate: '1200k', level: '4.0' },
};

/**
 * ffmpeg's arguments for one clip: H.264 High in fragmented MP4 as MSE wants it (an empty moov
 * first, a fragment per keyframe, one keyframe a second), no audio, no metadata that varies
 * between builds, one thread so the same arguments give the same bytes.
 */
export function ffmpegArgs(spec: ClipSpec, output: string): string[] {
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${spec.width}x${spec.height}:rate=${CHECK_FRAMERATE}:duration=${spec.seconds}`],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-level:v', spec.level, '-pix_fmt', 'yuv420p', '-threads', '1'],
    ...['-b:v', spec.bitrate, '-maxrate', spec.bitrate, '-bufsize', spec.bitrate],
    ...['-g', String(CHECK_FRAMERATE), '-keyint_min', String(CHECK_FRAMERATE), '-sc_threshold', '0'],
    ...['-an', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact'],
    ...['-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', output],
  ];
}

/** The hash of every clip's arguments (with a placeholder output path): what decides a rebuild. */
export function clipArgsHash(specs: Record<ClipName, ClipSpec> = CLIP_SPECS): string {
  const args = CLIP_NAMES.map((name) => ffmpegArgs(specs[name], clipFileName(name)));
  return createHash('sha256').update(JSON.stringify(args)).digest('hex');
}

/** The RFC 6381 codec string of an H.264 MP4, from its avcC box (profile, constraints, level). */
export function avcCodecString(mp4: Buffer): string {
  const at = mp4.indexOf('avcC', 0, 'latin1');
  if (at < 0 || at + 8 > mp4.length) throw new Error('no avcC box: not an H.264 MP4');
  const hex = (byte: number) => byte.toString(16).padStart(2, '0');
  // After the box type: configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication.
  return `avc1.${hex(mp4[at + 5]!)}${hex(mp4[at + 6]!)}${hex(mp4[at + 7]!)}`;
}

export interface ClipBuildOutcome {
  built: boolean;
  manifest: ClipManifest;
}

/** The clips in `dir` when they match the current arguments, byte counts included. */
function upToDate(dir: string, argsHash: string): ClipManifest | null {
  const manifest = readClipManifest(dir);
  if (!manifest || manifest.argsHash !== argsHash) return null;
  const intact = manifest.clips.every((c) => {
    try {
      return statSync(join(dir, c.file)).size === c.bytes;
    } catch {
      // A clip file is gone: rebuild.
      return false;
    }
  });
  return intact ? manifest : null;
}

/**
 * Makes the test clips in `dir` with ffmpeg, unless they are there already from the same
 * arguments. Each clip is written to a temporary name and renamed, and the manifest last, so a
 * server never lists a half-written clip; two builds at once each rename whole files of the same
 * bytes. Throws when ffmpeg is missing or fails.
 */
export async function buildClips(dir: string, now: () => Date = () => new Date()): Promise<ClipBuildOutcome> {
  const argsHash = clipArgsHash();
  const existing = upToDate(dir, argsHash);
  if (existing) return { built: false, manifest: existing };
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const clips: ClipManifest['clips'] = [];
  for (const name of CLIP_NAMES) {
    const spec = CLIP_SPECS[name];
    const file = clipFileName(name);
    // Per build: two builds at once (parallel test files) must not write into one file.
    const partial = join(dir, `.${file}.${randomUUID()}.partial`);
    await execFileAsync('ffmpeg', ffmpegArgs(spec, partial), { timeout: 120_000, maxBuffer: 4 * 2 ** 20 });
    const bytes = readFileSync(partial);
    const codecs = avcCodecString(bytes);
    renameSync(partial, join(dir, file));
    const frames = spec.seconds * CHECK_FRAMERATE;
    clips.push({ name, file, bytes: bytes.length, codecs, width: spec.width, height: spec.height, fps: CHECK_FRAMERATE, frames, durationMs: spec.seconds * 1000 });
  }
  const manifest: ClipManifest = { argsHash, builtAt: now().toISOString(), buildMs: Math.round(performance.now() - t0), clips };
  const manifestPartial = join(dir, `.${MANIFEST_FILE}.${randomUUID()}.partial`);
  writeFileSync(manifestPartial, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(manifestPartial, join(dir, MANIFEST_FILE));
  return { built: true, manifest };
}
