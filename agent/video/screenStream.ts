import { wrtc } from '../native/modules.js';
import { levelBitrate, type LinkSample } from './adapt.js';
import { linkFromStats, type StatsEntry, worstLink } from './linkStats.js';

/*
 * What @roamhq/wrtc 0.10 (libwebrtc M106) honours, tried on this machine:
 * - `RTCVideoSource({ isScreencast: true })` marks the track as screen content (the encoder's
 *   screen mode; `outbound-rtp.contentType` reads "screenshare"). A track's `contentHint` is not
 *   implemented: setting it only adds a JavaScript property.
 * - Send encodings given to `addTransceiver` apply: `maxBitrate` and `scaleResolutionDownBy`
 *   take effect; `maxFramerate` does not (wrtc's source hands every frame on, ignoring what the
 *   encoder asks of it — which is also why libwebrtc's own CPU and bandwidth adaptation cannot
 *   lower the frame rate or size, and the agent's ladder must).
 * - `setParameters` works only before the connection is negotiated (then `degradationPreference`
 *   applies); afterwards it always fails ("InvalidStateError" with no message: the parameters
 *   read back lack the codecs' RTCP feedback, so libwebrtc sees a codec change). Encoder settings
 *   are therefore fixed when a viewer's peer is made; the frame rate and size change at capture.
 */

/** The parts of wrtc's peer connection the agent touches (its typings name DOM types Node has not). */
interface RtpSender {
  getParameters(): { degradationPreference?: string } & Record<string, unknown>;
  setParameters(parameters: Record<string, unknown>): Promise<void>;
}
interface SendEncoding {
  maxBitrate: number;
}
interface PeerConnection {
  addTransceiver(track: unknown, init: { direction: 'sendonly'; streams: unknown[]; sendEncodings: SendEncoding[] }): { sender: RtpSender };
  addTrack(track: unknown, ...streams: unknown[]): RtpSender;
  getStats(): Promise<Map<string, StatsEntry>>;
  close(): void;
}
type PeerConnectionClass = new (config?: unknown) => PeerConnection;

/**
 * The cap on the encoder's bitrate, as a multiple of what the best level needs to stay readable
 * in motion: room for a sharp picture where the link has it (the congestion controller still
 * keeps to what the link carries). libwebrtc's default would be 2.5 Mbit/s at any size.
 */
const MAX_BITRATE_FACTOR = 2;

/** Whether the sender is given a degradation preference (see where it is set). */
const SETS_DEGRADATION_PREFERENCE = process.platform !== 'win32';
const MIN_MAX_BITRATE = 1_500_000;

export interface SenderSetting {
  maxBitrate: number;
  degradationPreference: 'maintain-resolution';
}

/** How a viewer's peer sends the screen of `pixels` (native size, ≤ 1080p). */
export function senderSetting(pixels: number): SenderSetting {
  // Keep the resolution, lose frames: text must stay readable; the frame rate is the ladder's.
  return { maxBitrate: Math.max(MIN_MAX_BITRATE, Math.round(levelBitrate(0, pixels) * MAX_BITRATE_FACTOR)), degradationPreference: 'maintain-resolution' };
}

/**
 * The shared screen as the viewers' peers need it: the video track in its stream, the peer
 * connection class that sends it tuned for screen content, and what those connections'
 * statistics say about the link. One per feed; every viewer's peer carries the same track.
 */
export class ScreenStream {
  private readonly connections = new Set<PeerConnection>();
  /** For simple-peer's `wrtc` option: wrtc with a peer connection that sends the screen as set here. */
  readonly wrtc: typeof wrtc & { RTCPeerConnection: PeerConnectionClass };

  constructor(
    /** The MediaStream holding the track, for simple-peer's `stream` option. */
    readonly media: unknown,
    /** Native pixels of the display now shared; read when a viewer's peer is made. */
    pixels: () => number,
    onSetupError: (error: Error) => void,
  ) {
    const connections = this.connections;
    const Native = wrtc.RTCPeerConnection as PeerConnectionClass;
    class ScreenPeerConnection extends Native {
      constructor(config?: unknown) {
        super(config);
        connections.add(this);
      }

      override addTrack(track: unknown, ...streams: unknown[]): RtpSender {
        const setting = senderSetting(pixels());
        const { sender } = this.addTransceiver(track, { direction: 'sendonly', streams, sendEncodings: [{ maxBitrate: setting.maxBitrate }] });
        // Before negotiation, the one moment wrtc applies it (see above). Not on Windows: there the
        // same wrtc build, once given parameters, sends no video at all (seen under Wine, where the
        // engineer's page decoded not one frame); the encoder keeps its own default there.
        if (SETS_DEGRADATION_PREFERENCE) {
          sender.setParameters({ ...sender.getParameters(), degradationPreference: setting.degradationPreference }).catch((error: unknown) => onSetupError(new Error(`screen sender not set up: ${String(error)}`)));
        }
        return sender;
      }

      override close(): void {
        connections.delete(this);
        super.close();
      }
    }
    this.wrtc = { ...wrtc, RTCPeerConnection: ScreenPeerConnection };
  }

  /** The worst viewer link now, or null while no peer has sent video. */
  async link(fedFps: number): Promise<LinkSample | null> {
    const samples = await Promise.all(
      [...this.connections].map(async (pc) => {
        try {
          return linkFromStats((await pc.getStats()).values(), fedFps);
        } catch {
          // A connection closing while asked has nothing to say about the link.
          return null;
        }
      }),
    );
    return worstLink(samples.filter((s): s is LinkSample => s !== null));
  }
}
