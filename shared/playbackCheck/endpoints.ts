import { z } from 'zod';
import { CLIP_NAMES } from './catalog.js';

/*
 * The server's endpoints for the playback check (docs/api.md): the network probes under
 * /api/check (with the session token) and the public test clips.
 */

/** `GET /api/check/ping`: the server's clock at the moment it answered. */
export const CheckPingResponse = z.strictObject({ serverTimeMs: z.number().int().min(0) });
export type CheckPingResponse = z.infer<typeof CheckPingResponse>;

/** The largest single download of `GET /api/check/download`. */
export const CHECK_DOWNLOAD_MAX_BYTES = 16 * 2 ** 20;

export const CheckDownloadQuery = z.strictObject({ bytes: z.coerce.number().int().min(1).max(CHECK_DOWNLOAD_MAX_BYTES) });
export type CheckDownloadQuery = z.infer<typeof CheckDownloadQuery>;

/** One test clip as `GET /api/check/clips` lists it. */
export const ClipListing = z.strictObject({
  name: z.enum(CLIP_NAMES),
  /** Same origin; carries the build's revision, so the immutable cache never serves an old clip. */
  url: z.string().regex(/^\/check\/clip-[a-z0-9]+\.mp4\?v=[0-9a-f]{16}$/),
  /** The MSE type, e.g. `video/mp4; codecs="avc1.64001f"`. */
  contentType: z.string().max(100),
  bytes: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  frames: z.number().int().positive(),
  durationMs: z.number().int().positive(),
});
export type ClipListing = z.infer<typeof ClipListing>;

export const ClipsResponse = z.strictObject({ revision: z.string().regex(/^[0-9a-f]{16}$/), clips: z.array(ClipListing).length(CLIP_NAMES.length) });
export type ClipsResponse = z.infer<typeof ClipsResponse>;
