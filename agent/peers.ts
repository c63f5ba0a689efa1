import Peer from 'simple-peer';
import { AgentMessage, ViewerMessage } from '../shared/protocol/dataChannel.js';
import type { ViewerRole } from '../shared/protocol/events.js';
import type { IceServer, SignalData } from '../shared/protocol/signal.js';
import type { ScreenStream } from './video/screenStream.js';

interface PeerEntry {
  peer: Peer.Instance;
  role: ViewerRole;
  name: string;
  open: boolean;
}

export interface PeerEvents {
  signal(viewerId: string, data: SignalData): void;
  open(viewerId: string, role: ViewerRole): void;
  message(viewerId: string, role: ViewerRole, message: ViewerMessage): void;
  closed(viewerId: string): void;
  invalid(viewerId: string, reason: string): void;
}

/**
 * One WebRTC peer per viewer, the agent always the initiator, each carrying the same screen
 * track (sent as the screen stream sets it up). Data-channel messages are parsed with the shared
 * schemas before anyone sees them.
 */
export class PeerHub {
  private readonly peers = new Map<string, PeerEntry>();

  constructor(
    private readonly screen: ScreenStream,
    private readonly iceServers: IceServer[],
    private readonly events: PeerEvents,
  ) {}

  add(viewerId: string, role: ViewerRole, name: string): void {
    this.remove(viewerId);
    const peer = new Peer({ initiator: true, trickle: true, wrtc: this.screen.wrtc, stream: this.screen.media as never, config: { iceServers: this.iceServers } as never });
    const entry: PeerEntry = { peer, role, name, open: false };
    this.peers.set(viewerId, entry);
    // Listen at once: simple-peer emits its offer right after construction.
    peer.on('signal', (data: SignalData) => this.events.signal(viewerId, data));
    peer.on('connect', () => {
      entry.open = true;
      this.events.open(viewerId, role);
    });
    peer.on('data', (raw: Buffer) => this.onData(viewerId, entry, raw));
    peer.on('close', () => {
      if (this.peers.get(viewerId) === entry) this.peers.delete(viewerId);
      this.events.closed(viewerId);
    });
    peer.on('error', (error: Error) => this.events.invalid(viewerId, `peer error: ${error.message}`));
  }

  signal(viewerId: string, data: SignalData): void {
    this.peers.get(viewerId)?.peer.signal(data);
  }

  send(viewerId: string, message: AgentMessage): void {
    const entry = this.peers.get(viewerId);
    if (entry?.open) entry.peer.send(JSON.stringify(AgentMessage.parse(message)));
  }

  broadcast(message: AgentMessage): void {
    for (const id of this.peers.keys()) this.send(id, message);
  }

  has(viewerId: string): boolean {
    return this.peers.has(viewerId);
  }

  remove(viewerId: string): void {
    const entry = this.peers.get(viewerId);
    if (!entry) return;
    this.peers.delete(viewerId);
    entry.peer.destroy();
  }

  closeAll(): void {
    for (const id of [...this.peers.keys()]) this.remove(id);
  }

  private onData(viewerId: string, entry: PeerEntry, raw: Buffer): void {
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.events.invalid(viewerId, 'data-channel message is not JSON');
    }
    const parsed = ViewerMessage.safeParse(json);
    if (!parsed.success) return this.events.invalid(viewerId, `data-channel message refused: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    this.events.message(viewerId, entry.role, parsed.data);
  }
}
