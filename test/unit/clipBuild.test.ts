import { describe, expect, it } from 'vitest';
import { avcCodecString, clipArgsHash, CLIP_SPECS, ffmpegArgs } from '../../server/check/clipBuild.js';

describe('the test clip build', () => {
  it('asks ffmpeg for H.264 High in fragmented MP4 with a keyframe a second and no audio', () => {
    const args = ffmpegArgs(CLIP_SPECS['720p'], 'out.mp4').join(' ');
    expect(args).toContain('-f lavfi -i testsrc2=size=1280x720:rate=30:duration=3');
    expect(args).toContain('-c:v libx264');
    expect(args).toContain('-profile:v high -level:v 3.1');
    expect(args).toContain('-g 30 -keyint_min 30 -sc_threshold 0');
    expect(args).toContain('-an');
    expect(args).toContain('-movflags frag_keyframe+empty_moov+default_base_moof -f mp4 out.mp4');
  });

  it('rebuilds exactly when an argument changes', () => {
    expect(clipArgsHash()).toBe(clipArgsHash(structuredClone(CLIP_SPECS)));
    expect(clipArgsHash({ ...CLIP_SPECS, '1080p': { ...CLIP_SPECS['1080p'], bitrate: '1300k' } })).not.toBe(clipArgsHash());
  });

  it('reads the codec string from the avcC box, and refuses a file without one', () => {
    const box = Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from('avcC', 'latin1'), Buffer.from([1, 0x64, 0x00, 0x28, 0xff])]);
    expect(avcCodecString(Buffer.concat([Buffer.alloc(40), box]))).toBe('avc1.640028');
    expect(() => avcCodecString(Buffer.from('ftypisom'))).toThrow(/no avcC box/);
  });
});
