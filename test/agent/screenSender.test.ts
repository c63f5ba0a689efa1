import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { wrtc } from '../../agent/native/modules.js';
import { ScreenStream, senderSetting } from '../../agent/video/screenStream.js';

/*
 * How the agent sends the screen, read back from a real wrtc peer connection sending to another
 * over loopback: what libwebrtc itself says it does with the track and the sender's settings.
 */

vi.setConfig({ testTimeout: 30_000 });

const WIDTH = 640;
const HEIGHT = 360;

// wrtc's typings lean on the DOM's, which Node has not; the test names only what it uses.
interface Pc {
  addTrack(track: unknown, stream: unknown): unknown;
  getSenders(): Array<{ getParameters(): { degradationPreference?: string; encodings: Array<{ maxBitrate?: number }> } }>;
  getStats(): Promise<Map<string, Record<string, unknown>>>;
  createOffer(): Promise<{ type: string; sdp: string }>;
  createAnswer(): Promise<{ type: string; sdp: string }>;
  setLocalDescription(d: unknown): Promise<void>;
  setRemoteDescription(d: unknown): Promise<void>;
  addIceCandidate(c: unknown): Promise<void>;
  onicecandidate: ((e: { candidate: unknown }) => void) | null;
  close(): void;
}
type PcClass = new () => Pc;

const source = new wrtc.nonstandard.RTCVideoSource({ isScreencast: true });
const track = source.createTrack() as { stop(): void };
const media = new (wrtc.MediaStream as new (tracks: unknown[]) => unknown)([track]);
const setupErrors: Error[] = [];
const screen = new ScreenStream(media, () => WIDTH * HEIGHT, (e) => setupErrors.push(e));
let sender: Pc;
let receiver: Pc;
let feeding: NodeJS.Timeout;

beforeAll(async () => {
  const frame = new Uint8Array((WIDTH * HEIGHT * 3) / 2);
  let n = 0;
  // A moving bar, so the encoder has something to send, at 30 frames a second.
  feeding = setInterval(() => {
    frame.fill(16);
    for (let y = 0; y < HEIGHT; y++) frame.fill(235, y * WIDTH + ((n * 8) % WIDTH), y * WIDTH + ((n * 8) % WIDTH) + 40);
    n++;
    source.onFrame({ width: WIDTH, height: HEIGHT, data: frame });
  }, 33);
  sender = new (screen.wrtc.RTCPeerConnection as unknown as PcClass)();
  receiver = new (wrtc.RTCPeerConnection as unknown as PcClass)();
  sender.onicecandidate = (e) => void (e.candidate && receiver.addIceCandidate(e.candidate));
  receiver.onicecandidate = (e) => void (e.candidate && sender.addIceCandidate(e.candidate));
  sender.addTrack(track, media);
  const offer = await sender.createOffer();
  await sender.setLocalDescription(offer);
  await receiver.setRemoteDescription(offer);
  const answer = await receiver.createAnswer();
  await receiver.setLocalDescription(answer);
  await sender.setRemoteDescription(answer);
});

afterAll(() => {
  clearInterval(feeding);
  sender?.close();
  receiver?.close();
  track.stop();
});

const outbound = async () => [...(await sender.getStats()).values()].find((s) => s['type'] === 'outbound-rtp' && (s['kind'] ?? s['mediaType']) === 'video');

describe('the screen as the agent sends it', () => {
  it('is encoded as screen content', async () => {
    await vi.waitFor(async () => expect(Number((await outbound())?.['framesEncoded'] ?? 0)).toBeGreaterThan(10), { timeout: 15_000, interval: 200 });
    expect((await outbound())?.['contentType']).toBe('screenshare');
  });

  it('keeps its resolution when squeezed, with the bitrate capped for this screen size', () => {
    const parameters = sender.getSenders()[0]!.getParameters();
    expect(parameters.degradationPreference).toBe('maintain-resolution');
    expect(parameters.encodings[0]?.maxBitrate).toBe(senderSetting(WIDTH * HEIGHT).maxBitrate);
    expect(setupErrors).toEqual([]);
  });

  it('tells the feed what the link carries, from the connection’s own statistics', async () => {
    await vi.waitFor(async () => expect((await screen.link(30))?.availableBitrate).toBeGreaterThan(0), { timeout: 15_000, interval: 200 });
    const link = await screen.link(30);
    expect(link).toMatchObject({ fedFps: 30, loss: expect.any(Number) });
    expect(link!.sentFps).toBeGreaterThan(0);
  });
});
