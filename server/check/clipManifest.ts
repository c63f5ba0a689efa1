import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CLIP_NAMES, clipFileName } from '../../shared/playbackCheck/catalog.js';

/** Where `npm run build:clips` puts the test clips of the playback check (gitignored). */
export const CHECK_CLIPS_DIST = join(import.meta.dirname, '..', '..', 'dist', 'check');

export const MANIFEST_FILE = 'manifest.json';

/** What the clip build leaves next to the clips: enough to skip a rebuild and to list them. */
export const ClipManifest = z.strictObject({
  /** SHA-256 of the ffmpeg arguments of every clip: the same hash, the same clips. */
  argsHash: z.string().regex(/^[0-9a-f]{64}$/),
  builtAt: z.string(),
  buildMs: z.number().min(0),
  clips: z
    .array(
      z.strictObject({
        name: z.enum(CLIP_NAMES),
        file: z.string().regex(/^clip-[a-z0-9]+\.mp4$/),
        bytes: z.number().int().positive(),
        /** RFC 6381 codec string read from the file's avcC box, e.g. `avc1.64001f`. */
        codecs: z.string().regex(/^avc1\.[0-9a-f]{6}$/),
        width: z.number().int().positive(),
        height: z.number().int().positive(),
        fps: z.number().int().positive(),
        frames: z.number().int().positive(),
        durationMs: z.number().int().positive(),
      }),
    )
    .length(CLIP_NAMES.length),
});
export type ClipManifest = z.infer<typeof ClipManifest>;

/**
 * The manifest of the clips in `dir`, or null when they were not built (or the manifest is not
 * one we wrote): then the server answers that the clips are missing, rather than guessing.
 */
export function readClipManifest(dir: string): ClipManifest | null {
  let raw: string;
  try {
    raw = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    // No manifest: the clips were never built here.
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // A torn or foreign file: treat as not built; the next build rewrites it.
    return null;
  }
  const parsed = ClipManifest.safeParse(json);
  if (!parsed.success) return null;
  const complete = CLIP_NAMES.every((name) => parsed.data.clips.some((c) => c.name === name && c.file === clipFileName(name)));
  return complete ? parsed.data : null;
}
