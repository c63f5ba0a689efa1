import { mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../shared/errors.js';
import { ClipsResponse } from '../../shared/playbackCheck/endpoints.js';
import { buildClips } from '../../server/check/clipBuild.js';
import { CHECK_CLIPS_DIST } from '../../server/check/clipManifest.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** The top-level MP4 boxes of a file, in order. */
function boxes(mp4: Buffer): string[] {
  const types: string[] = [];
  for (let at = 0; at + 8 <= mp4.length; ) {
    const size = mp4.readUInt32BE(at);
    types.push(mp4.toString('latin1', at + 4, at + 8));
    if (size < 8) break;
    at += size;
  }
  return types;
}

/**
 * The status of a conditional GET. Not with fetch: by the Fetch standard a request with
 * If-None-Match also carries `Cache-Control: no-cache`, which a server must answer in full.
 */
function conditionalStatus(url: string, etag: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: { 'if-none-match': etag } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}

let server: TestServer;
let unbuilt: TestServer;
const emptyDir = mkdtempSync(join(tmpdir(), 'ra-no-clips-'));

beforeAll(async () => {
  // The real build step (skipped when `npm run build:clips` already made them).
  await buildClips(CHECK_CLIPS_DIST);
  server = await startTestServer();
  unbuilt = await startTestServer({ env: { RA_CHECK_CLIPS_DIR: emptyDir } });
}, 120_000);

afterAll(async () => {
  await server.close();
  await unbuilt.close();
  rmSync(emptyDir, { recursive: true, force: true });
});

describe('the test clips of the playback check', () => {
  it('are listed publicly with their MSE type, size and a URL that carries the build revision', async () => {
    const res = await server.api.get('/api/check/clips');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const list = ClipsResponse.parse(res.body);
    expect(list.clips.map((c) => [c.name, c.contentType, c.width, c.height, c.frames])).toEqual([
      ['720p', 'video/mp4; codecs="avc1.64001f"', 1280, 720, 90],
      ['1080p', 'video/mp4; codecs="avc1.640028"', 1920, 1080, 90],
    ]);
    for (const c of list.clips) expect(c.url).toBe(`/check/clip-${c.name}.mp4?v=${list.revision}`);
  });

  it('are served without a token as immutable fragmented MP4 of a few hundred KB, with range requests', async () => {
    const list = ClipsResponse.parse((await server.api.get('/api/check/clips')).body);
    for (const clip of list.clips) {
      const res = await fetch(`${server.url}${clip.url}`);
      const body = Buffer.from(await res.arrayBuffer());
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('video/mp4');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      expect(body.length).toBe(clip.bytes);
      expect(body.length).toBeGreaterThan(100_000);
      expect(body.length).toBeLessThan(1_000_000);
      // An empty moov first, then a fragment (moof + mdat) per keyframe: one a second for 3 s.
      const layout = boxes(body);
      expect(layout.slice(0, 2)).toEqual(['ftyp', 'moov']);
      expect(layout.filter((b) => b === 'moof')).toHaveLength(3);

      const range = await fetch(`${server.url}${clip.url}`, { headers: { range: 'bytes=100-299' } });
      expect(range.status).toBe(206);
      expect(range.headers.get('content-range')).toBe(`bytes 100-299/${clip.bytes}`);
      expect(Buffer.from(await range.arrayBuffer()).equals(body.subarray(100, 300))).toBe(true);

      expect(await conditionalStatus(`${server.url}${clip.url}`, res.headers.get('etag') ?? '')).toBe(304);
    }
  });

  it('answer an unknown name under /check with NOT_FOUND, not the web app', async () => {
    for (const path of ['/check/clip-4k.mp4', '/check/manifest.json', '/check/..%2Fmanifest.json', '/check/', '/check', '/check/720p/clip-720p.mp4']) {
      const res = await server.api.get(path);
      expect(res.status).toBe(404);
      expect(ApiErrorBody.parse(res.body).error.code).toBe('NOT_FOUND');
    }
  });

  it('are reported as not built, with the command that builds them, by a server that has none', async () => {
    for (const path of ['/api/check/clips', '/check/clip-720p.mp4']) {
      const res = await unbuilt.api.get(path);
      expect(res.status).toBe(503);
      expect(ApiErrorBody.parse(res.body).error).toEqual({ code: 'CHECK_CLIPS_NOT_BUILT', message: expect.stringContaining('npm run build:clips') });
    }
  });
});

describe('the clip build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ra-clips-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes both clips with ffmpeg (also twice at once), skips an unchanged build, and rebuilds a damaged one', async () => {
    const [first, twin] = await Promise.all([buildClips(dir), buildClips(dir)]);
    expect([first.built, twin.built]).toEqual([true, true]);
    expect(twin.manifest.clips).toEqual(first.manifest.clips);
    expect(first.manifest.clips.map((c) => [c.name, c.codecs, statSync(join(dir, c.file)).size === c.bytes])).toEqual([
      ['720p', 'avc1.64001f', true],
      ['1080p', 'avc1.640028', true],
    ]);
    const second = await buildClips(dir);
    expect(second.built).toBe(false);
    expect(second.manifest.clips).toEqual(first.manifest.clips);
    truncateSync(join(dir, 'clip-1080p.mp4'), 1000);
    const third = await buildClips(dir);
    expect(third.built).toBe(true);
    expect(statSync(join(dir, 'clip-1080p.mp4')).size).toBe(third.manifest.clips[1]?.bytes);
    // The same arguments give the same bytes (one encoder thread).
    expect(third.manifest.clips.map((c) => c.bytes)).toEqual(first.manifest.clips.map((c) => c.bytes));
  }, 180_000);
});
