import type { ClipName } from '../../../shared/playbackCheck/catalog.js';
import { ClipsResponse } from '../../../shared/playbackCheck/endpoints.js';
import type { PlaybackRun } from '../../../shared/playbackCheck/measurements.js';
import { mediaSourceClass } from './codecs.js';
import { get, type CheckServer } from './http.js';
import { ProbeFailure, describeError } from './probe.js';

/** Resolves on the target's next `type` event; rejects on `failOn` events and when the signal aborts. */
function untilEvent(target: EventTarget, type: string, signal: AbortSignal, failOn?: string, failure?: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      target.removeEventListener(type, succeed);
      if (failOn) target.removeEventListener(failOn, fail);
      signal.removeEventListener('abort', abort);
    };
    const succeed = () => {
      cleanup();
      resolve();
    };
    const fail = () => {
      cleanup();
      reject(failure ? failure() : new ProbeFailure('failed', `${failOn} event`));
    };
    const abort = () => {
      cleanup();
      reject(signal.reason as Error);
    };
    target.addEventListener(type, succeed);
    if (failOn) target.addEventListener(failOn, fail);
    signal.addEventListener('abort', abort);
  });
}

async function listClips(server: CheckServer, signal: AbortSignal): Promise<ClipsResponse> {
  const res = await get(server, '/api/check/clips', signal, { authenticated: false });
  const body = ClipsResponse.safeParse(await res.json());
  if (!body.success) throw new ProbeFailure('failed', "the server's list of test clips is not valid");
  return body.data;
}

/** A small, visible, muted video element: some browsers do not decode video nobody can see. */
function testVideo(host: HTMLElement): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  // ManagedMediaSource (iOS) plays only with remote playback (AirPlay) turned off.
  video.disableRemotePlayback = true;
  video.setAttribute('aria-hidden', 'true');
  Object.assign(video.style, { position: 'fixed', right: '0', bottom: '0', width: '160px', height: '90px', pointerEvents: 'none' });
  host.append(video);
  return video;
}

/** Times the first frame and every stall (`waiting` … `playing`) after it. */
class PlaybackClock {
  private readonly t0 = performance.now();
  firstByteMs: number | null = null;
  startupMs: number | null = null;
  private playingAt = 0;
  private stalledAt: number | null = null;
  stalls = 0;
  stallMs = 0;

  constructor(private readonly video: HTMLVideoElement) {
    video.addEventListener('playing', this.onPlaying);
    video.addEventListener('waiting', this.onWaiting);
  }

  private readonly onPlaying = () => {
    const now = performance.now();
    if (this.startupMs === null) {
      this.startupMs = now - this.t0;
      this.playingAt = now;
    } else if (this.stalledAt !== null) {
      this.stallMs += now - this.stalledAt;
      this.stalledAt = null;
    }
  };

  private readonly onWaiting = () => {
    // Waiting before the first frame is the startup, not a stall.
    if (this.startupMs === null || this.stalledAt !== null) return;
    this.stalls++;
    this.stalledAt = performance.now();
  };

  markFirstByte(): void {
    this.firstByteMs ??= performance.now() - this.t0;
  }

  /** Ends the count: a stall still open at the end counts up to now. */
  finish(): { playedMs: number } {
    const now = performance.now();
    if (this.stalledAt !== null) this.stallMs += now - this.stalledAt;
    this.stalledAt = null;
    this.video.removeEventListener('playing', this.onPlaying);
    this.video.removeEventListener('waiting', this.onWaiting);
    return { playedMs: this.startupMs === null ? 0 : now - this.playingAt };
  }
}

const videoFailure = (video: HTMLVideoElement) => () => new ProbeFailure('failed', `the video element failed: ${video.error?.message || `media error ${video.error?.code ?? '?'}`}`);

/** Downloads the clip as a stream and appends each piece to the SourceBuffer as it arrives. */
async function feed(server: CheckServer, url: string, buffer: SourceBuffer, source: MediaSource, clock: PlaybackClock, signal: AbortSignal): Promise<number> {
  const res = await get(server, url, signal, { authenticated: false });
  if (!res.body) throw new ProbeFailure('unavailable', 'this browser cannot stream a response body');
  const reader = res.body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    clock.markFirstByte();
    bytes += value.byteLength;
    const appended = untilEvent(buffer, 'updateend', signal, 'error', () => new ProbeFailure('failed', 'the SourceBuffer refused the clip'));
    buffer.appendBuffer(value);
    await appended;
  }
  source.endOfStream();
  return bytes;
}

/**
 * The real playback test: the server's test clip played through MSE in a muted video element,
 * from the start of its download to its end. Reports startup, stalls, and the decoded and
 * dropped frames of `getVideoPlaybackQuality`.
 */
export async function playClip(server: CheckServer, name: ClipName, signal: AbortSignal, host: HTMLElement): Promise<PlaybackRun> {
  const { Class } = mediaSourceClass();
  if (!Class) throw new ProbeFailure('unavailable', 'this browser has no Media Source Extensions');
  const listing = (await listClips(server, signal)).clips.find((c) => c.name === name);
  if (!listing) throw new ProbeFailure('failed', `the server lists no ${name} clip`);
  if (!Class.isTypeSupported(listing.contentType)) throw new ProbeFailure('unavailable', `MSE does not take ${listing.contentType}`);
  const video = testVideo(host);
  const source = new Class();
  const objectUrl = URL.createObjectURL(source);
  let clock: PlaybackClock | null = null;
  try {
    const opened = untilEvent(source, 'sourceopen', signal);
    video.src = objectUrl;
    await opened;
    const buffer = source.addSourceBuffer(listing.contentType);
    clock = new PlaybackClock(video);
    const ended = untilEvent(video, 'ended', signal, 'error', videoFailure(video));
    const refused = video.play().then(
      () => new Promise<never>(() => undefined),
      (error: unknown) => Promise.reject(new ProbeFailure('failed', `the browser did not let the clip play: ${describeError(error)}`)),
    );
    const bytes = await Promise.race([feed(server, listing.url, buffer, source, clock, signal), refused]);
    await Promise.race([ended, refused]);
    const { playedMs } = clock.finish();
    const quality = video.getVideoPlaybackQuality();
    return {
      clip: name,
      bytes,
      expectedFrames: listing.frames,
      firstByteMs: clock.firstByteMs ?? 0,
      startupMs: clock.startupMs ?? 0,
      stalls: clock.stalls,
      stallMs: clock.stallMs,
      decodedFrames: quality.totalVideoFrames,
      droppedFrames: quality.droppedVideoFrames,
      playedMs,
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
    };
  } finally {
    clock?.finish();
    video.pause();
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(objectUrl);
    video.remove();
  }
}
