import SimplePeer from 'simple-peer/simplepeer.min.js';
import { type AgentMessage, ViewerMessage } from '../../../shared/protocol/dataChannel.js';
import type { IceServer, SignalData } from '../../../shared/protocol/signal.js';

export interface ScreenShareOptions {
  iceServers: () => IceServer[];
  /** Signaling towards one viewer, through the server (which relays only while the session runs). */
  sendSignal: (viewerId: string, data: SignalData) => void;
  /** The share ended outside the page: the browser's own "Stop sharing", or the shared surface went away. */
  onTrackEnded: () => void;
}

const VIEW_ONLY_NOTE = 'View only: shared from the user’s browser';

/**
 * The user's screen, shared view only: one display track from the browser's own picker, sent to
 * every viewer over its own WebRTC peer, with this page the initiator (as the agent program is).
 * Its data channel carries no input: the page answers any message with "control unavailable" and
 * acts on none.
 */
export class ScreenShare {
  private stream: MediaStream | null = null;
  private readonly viewers = new Set<string>();
  private readonly peers = new Map<string, SimplePeer.Instance>();

  constructor(private readonly options: ScreenShareOptions) {}

  get active(): boolean {
    return this.stream !== null;
  }

  /**
   * Asks the browser for a screen to share. Must run inside the user's click: the browser shows
   * its own picker (no page, no server can choose for the user). False when the user closed it.
   */
  async start(): Promise<boolean> {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch {
      // The picker was closed or sharing refused: nothing is shared, which the page says.
      return false;
    }
    this.stream = stream;
    for (const track of stream.getTracks()) track.addEventListener('ended', () => this.trackEnded());
    for (const viewerId of this.viewers) this.connect(viewerId);
    return true;
  }

  /** A viewer to share with (the owner; an observer only when the user allowed one — the server decides). */
  viewerJoined(viewerId: string): void {
    this.viewers.add(viewerId);
    if (this.stream && !this.peers.has(viewerId)) this.connect(viewerId);
  }

  viewerLeft(viewerId: string): void {
    this.viewers.delete(viewerId);
    this.peers.get(viewerId)?.destroy();
    this.peers.delete(viewerId);
  }

  signal(from: string, data: SignalData): void {
    // Our schema checked the shape; simple-peer's typings want the DOM's full RTCIceCandidate.
    this.peers.get(from)?.signal(data as SimplePeer.SignalData);
  }

  /** Stops sharing: the tracks end (the browser's indicator goes away) and every peer closes. */
  stop(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    for (const peer of this.peers.values()) peer.destroy();
    this.peers.clear();
  }

  private trackEnded(): void {
    if (!this.stream) return;
    this.stop();
    this.options.onTrackEnded();
  }

  private connect(viewerId: string): void {
    const stream = this.stream!;
    const peer = new SimplePeer({ initiator: true, trickle: true, stream, config: { iceServers: this.options.iceServers() } });
    this.peers.set(viewerId, peer);
    const send = (message: AgentMessage) => peer.connected && peer.send(JSON.stringify(message));
    peer.on('signal', (data: SignalData) => this.options.sendSignal(viewerId, data));
    peer.on('connect', () => {
      const settings = stream.getVideoTracks()[0]?.getSettings() ?? {};
      const display = { id: 'screen', name: stream.getVideoTracks()[0]?.label || 'Screen', width: settings.width ?? 0, height: settings.height ?? 0, x: 0, y: 0, primary: true };
      send({ type: 'hello', displays: [display], displayId: display.id, control: 'unavailable', controlNote: VIEW_ONLY_NOTE });
    });
    peer.on('data', (raw: Uint8Array) => {
      // Whatever the viewer sends (pointer, keys, a control request, a diagnostics run), nothing
      // is done: the answer is that control is unavailable. Chat comes through the server.
      let message: unknown;
      try {
        message = JSON.parse(new TextDecoder().decode(raw));
      } catch {
        return; // not JSON: ignored, as anything malformed
      }
      const parsed = ViewerMessage.safeParse(message);
      if (parsed.success && parsed.data.type !== 'chat') send({ type: 'control', state: 'unavailable', by: 'agent', note: VIEW_ONLY_NOTE });
    });
    peer.on('close', () => {
      if (this.peers.get(viewerId) === peer) this.peers.delete(viewerId);
    });
    // A failed peer closes itself; the viewer's side reconnects by watching again.
    peer.on('error', () => undefined);
  }
}
