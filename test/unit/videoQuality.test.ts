import { describe, expect, it } from 'vitest';
import { adaptToLink, levelBitrate, QUALITY_LEVELS, type LinkSample } from '../../agent/video/adapt.js';
import { FrameSplitter } from '../../agent/video/capture.js';
import { linkFromStats, worstLink } from '../../agent/video/linkStats.js';
import { senderSetting } from '../../agent/video/screenStream.js';
import type { ViewerMessage } from '../../shared/protocol/dataChannel.js';
import { InputSender } from '../../viewer/src/live/inputSender.js';

const HD = 1280 * 720;
const link = (over: Partial<LinkSample>): LinkSample => ({ availableBitrate: 10_000_000, loss: 0, sentFps: 30, fedFps: 30, ...over });

describe('the link to the viewers', () => {
  it('costs a step when the encoder is starved below what the level needs, and not when only the estimate is low', () => {
    const need = levelBitrate(0, HD);
    expect(need).toBeCloseTo(HD * 30 * 0.05);
    const starved = link({ availableBitrate: need / 2, sentFps: 18 });
    expect(adaptToLink({ cap: 0, roomy: 0 }, starved, 0, HD)).toEqual({ cap: 1, roomy: 0 });
    // The encoder still keeps up: the estimate alone is not a reason to lose frames.
    expect(adaptToLink({ cap: 0, roomy: 0 }, link({ availableBitrate: need / 2, sentFps: 29 }), 0, HD)).toEqual({ cap: 0, roomy: 0 });
    // Frames lost to a busy CPU with a wide link are the CPU ladder's business.
    expect(adaptToLink({ cap: 0, roomy: 0 }, link({ sentFps: 18 }), 0, HD)).toEqual({ cap: 0, roomy: 0 });
  });

  it('costs a step when more than a tenth of the packets are lost, below the level the CPU already set', () => {
    expect(adaptToLink({ cap: 0, roomy: 0 }, link({ loss: 0.15 }), 2, HD)).toEqual({ cap: 3, roomy: 0 });
    expect(adaptToLink({ cap: 0, roomy: 0 }, link({ loss: 0.05 }), 2, HD)).toEqual({ cap: 0, roomy: 0 });
    const bottom = QUALITY_LEVELS.length - 1;
    expect(adaptToLink({ cap: bottom, roomy: 0 }, link({ loss: 0.5 }), bottom, HD).cap).toBe(bottom);
  });

  it('wins a step back after two samples with room for the level above, and none while packets are lost', () => {
    const roomFor1 = levelBitrate(1, HD) * 1.2;
    let s = adaptToLink({ cap: 2, roomy: 0 }, link({ availableBitrate: roomFor1 }), 2, HD);
    expect(s).toEqual({ cap: 2, roomy: 1 });
    s = adaptToLink(s, link({ availableBitrate: roomFor1 }), 2, HD);
    expect(s).toEqual({ cap: 1, roomy: 0 });
    expect(adaptToLink({ cap: 2, roomy: 1 }, link({ availableBitrate: roomFor1 * 0.9 }), 2, HD)).toEqual({ cap: 2, roomy: 0 });
    expect(adaptToLink({ cap: 2, roomy: 1 }, link({ loss: 0.03 }), 2, HD)).toEqual({ cap: 2, roomy: 0 });
    expect(adaptToLink({ cap: 2, roomy: 1 }, link({ availableBitrate: null }), 2, HD)).toEqual({ cap: 2, roomy: 0 });
  });

  it('is read from the statistics of the candidate pair in use and the video sent, and the worst viewer counts', () => {
    const stats = [
      { type: 'transport', id: 'T', selectedCandidatePairId: 'P2' },
      { type: 'candidate-pair', id: 'P1', availableOutgoingBitrate: 99 },
      { type: 'candidate-pair', id: 'P2', availableOutgoingBitrate: 2_000_000 },
      { type: 'outbound-rtp', kind: 'video', framesPerSecond: 28 },
      { type: 'remote-inbound-rtp', kind: 'video', fractionLost: 0.04 },
    ];
    expect(linkFromStats(stats, 30)).toEqual({ availableBitrate: 2_000_000, loss: 0.04, sentFps: 28, fedFps: 30 });
    expect(linkFromStats(stats.slice(0, 3), 30)).toBeNull(); // no video sent yet
    expect(worstLink([link({ availableBitrate: 3e6, loss: 0.01 }), link({ availableBitrate: null, loss: 0.2, sentFps: 12 })])).toEqual({ availableBitrate: 3e6, loss: 0.2, sentFps: 12, fedFps: 30 });
    expect(worstLink([])).toBeNull();
  });
});

describe('the screen sender', () => {
  it('keeps the resolution and caps the bitrate at twice what the top step needs, never below 1.5 Mbit/s', () => {
    expect(senderSetting(1920 * 1080)).toEqual({ maxBitrate: Math.round(1920 * 1080 * 30 * 0.05 * 2), degradationPreference: 'maintain-resolution' });
    expect(senderSetting(640 * 360).maxBitrate).toBe(1_500_000);
  });

  it('fills one frame buffer again for every frame instead of allocating one per frame', () => {
    const seen: Uint8Array[] = [];
    const copies: number[][] = [];
    const splitter = new FrameSplitter(4, (f) => {
      seen.push(f);
      copies.push([...f]);
    });
    splitter.push(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(copies).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(seen[0]).toBe(seen[1]);
  });
});

describe('the engineer’s input', () => {
  const move = (x: number): ViewerMessage => ({ type: 'pointer', action: 'move', x, y: 0.5 });
  function sender() {
    const sent: ViewerMessage[] = [];
    const frames: Array<() => void> = [];
    const input = new InputSender((m) => sent.push(m), (callback) => frames.push(callback));
    const nextFrame = () => frames.splice(0).forEach((callback) => callback());
    return { sent, input, nextFrame };
  }

  it('sends a pointer move at once, then at most one per animation frame: the newest', () => {
    const { sent, input, nextFrame } = sender();
    input.move(move(0.1));
    expect(sent).toEqual([move(0.1)]);
    input.move(move(0.2));
    input.move(move(0.3));
    expect(sent).toHaveLength(1);
    nextFrame();
    expect(sent).toEqual([move(0.1), move(0.3)]);
    nextFrame();
    nextFrame();
    input.move(move(0.4));
    expect(sent.at(-1)).toEqual(move(0.4)); // a quiet frame later, at once again
  });

  it('sends buttons and the wheel at once, dropping a move still waiting (they say where themselves)', () => {
    const { sent, input, nextFrame } = sender();
    input.move(move(0.1));
    input.move(move(0.2));
    const down: ViewerMessage = { type: 'pointer', action: 'down', x: 0.25, y: 0.5, button: 'left' };
    input.positioned(down);
    expect(sent).toEqual([move(0.1), down]);
    nextFrame();
    expect(sent).toEqual([move(0.1), down]); // the stale move never follows the press
  });

  it('sends a key at once, after the move still waiting, so it lands where the pointer went', () => {
    const { sent, input } = sender();
    input.move(move(0.1));
    input.move(move(0.2));
    const key: ViewerMessage = { type: 'key', action: 'down', code: 'KeyA' };
    input.other(key);
    expect(sent).toEqual([move(0.1), move(0.2), key]);
  });
});
