import { wrtc } from '../native/modules.js';
import si from 'systeminformation';
import type { Clock, TimerHandle } from '../../shared/clock.js';
import type { DisplayInfo } from '../../shared/protocol/dataChannel.js';
import { adapt, adaptToLink, QUALITY_LEVELS, type AdaptState, type LinkState } from './adapt.js';
import { type CaptureBackend, type CaptureHandle, type FrameSize, frameSizeFor } from './capture.js';
import { ScreenStream } from './screenStream.js';

const SAMPLE_MS = 5000;

/** Why the capture (re)started: sharing began, the engineer picked a monitor, or a quality step for the CPU or the link. */
export type FeedChange = 'start' | 'monitor' | 'cpu' | 'link';

export interface FeedEvents {
  /** The shared display or the frame size changed. */
  changed(display: DisplayInfo, size: FrameSize, cause: FeedChange): void;
  failed(error: Error): void;
}

/**
 * The user's screen as one WebRTC video track: a capture back end feeds I420 frames into a
 * wrtc video source. One feed serves every viewer's peer. It switches monitors on request and
 * steps quality down when the PC is busy or the link to the viewers is thin (frame rate first,
 * then size).
 */
export class VideoFeed {
  // Screen content: the encoder's screen mode (wrtc has no `contentHint`; see screenStream.ts).
  private readonly source = new wrtc.nonstandard.RTCVideoSource({ isScreencast: true });
  // wrtc's typings lean on the DOM's; the agent is Node, so it names only what it uses.
  readonly track = this.source.createTrack() as { stop(): void };
  /** What the viewers' peers carry (the track, and how it is sent). */
  readonly stream: ScreenStream;
  private capture: CaptureHandle | null = null;
  private display: DisplayInfo | null = null;
  private quality: AdaptState = { level: 0, calm: 0, busy: 0 };
  private link: LinkState = { cap: 0, roomy: 0 };
  private sampler: TimerHandle | null = null;
  private frames = 0;

  constructor(
    private readonly backend: CaptureBackend,
    private readonly clock: Clock,
    private readonly events: FeedEvents,
    /** Machine CPU load in percent; systeminformation by default. */
    private readonly cpuLoad: () => Promise<number> = async () => (await si.currentLoad()).currentLoad,
  ) {
    const media = new (wrtc.MediaStream as new (tracks: unknown[]) => unknown)([this.track]);
    this.stream = new ScreenStream(media, () => this.fullPixels(), (error) => this.events.failed(error));
  }

  get current(): { display: DisplayInfo | null; size: FrameSize | null; framesSent: number; level: number } {
    return { display: this.display, size: this.display ? this.size(this.display) : null, framesSent: this.frames, level: this.level };
  }

  /** The quality step in effect: the lower of what the CPU and the link allow. */
  private get level(): number {
    return Math.max(this.quality.level, this.link.cap);
  }

  async start(displayId?: string): Promise<void> {
    const displays = await this.backend.listDisplays();
    const display = displays.find((d) => d.id === displayId) ?? displays.find((d) => d.primary) ?? displays[0];
    if (!display) throw new Error('No display to share.');
    await this.run(display, 'start');
    this.scheduleSample();
  }

  async switchTo(displayId: string): Promise<DisplayInfo | null> {
    const display = (await this.backend.listDisplays()).find((d) => d.id === displayId);
    if (!display) return null;
    await this.run(display, 'monitor');
    return display;
  }

  async stop(): Promise<void> {
    if (this.sampler) this.clock.clearTimeout(this.sampler);
    this.sampler = null;
    await this.capture?.stop();
    this.capture = null;
    this.track.stop();
  }

  /** Pixels of a frame of the shared display at full size (fitted to 1920×1080). */
  private fullPixels(): number {
    if (!this.display) return 0;
    const full = frameSizeFor(this.display, 1, QUALITY_LEVELS[0].fps);
    return full.width * full.height;
  }

  private size(display: DisplayInfo): FrameSize {
    const q = QUALITY_LEVELS[this.level]!;
    return frameSizeFor(display, q.scale, q.fps);
  }

  private async run(display: DisplayInfo, cause: FeedChange): Promise<void> {
    await this.capture?.stop();
    this.display = display;
    const size = this.size(display);
    this.capture = this.backend.start(
      display,
      size,
      (frame) => {
        this.frames++;
        this.source.onFrame({ width: size.width, height: size.height, data: frame });
      },
      (error) => this.events.failed(error),
    );
    this.events.changed(display, size, cause);
  }

  private scheduleSample(): void {
    this.sampler = this.clock.setTimeout(() => {
      void this.sample().finally(() => {
        if (this.capture) this.scheduleSample();
      });
    }, SAMPLE_MS);
  }

  private async sample(): Promise<void> {
    const before = this.level;
    this.quality = adapt(this.quality, await this.cpuLoad());
    const link = await this.stream.link(QUALITY_LEVELS[before]!.fps);
    if (link) this.link = adaptToLink(this.link, link, before, this.fullPixels());
    // The link's cap counts when it is what holds the level below the CPU's.
    const cause = this.link.cap > this.quality.level ? 'link' : 'cpu';
    if (this.level !== before && this.display && this.capture) await this.run(this.display, cause);
  }
}
