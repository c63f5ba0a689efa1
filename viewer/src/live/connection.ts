import SimplePeer from 'simple-peer/simplepeer.min.js';
import { io, type Socket } from 'socket.io-client';
import type { AgentMessage, ViewerMessage } from '../../../shared/protocol/dataChannel.js';
import { STAFF_ACK_RESULTS } from '../../../shared/protocol/ackResults.js';
import { type AckSuccess, emitWithAck, type PayloadArgs } from '../../../shared/protocol/emitWithAck.js';
import type { StaffClientEvents, StaffServerEvents, ViewerRole } from '../../../shared/protocol/events.js';
import type { SessionAction } from '../../../shared/protocol/actions.js';
import type { Deadline, EndReason, SessionView } from '../../../shared/protocol/session.js';
import type { PlaybackCheckView } from '../../../shared/playbackCheck/records.js';
import type { IceServer, SignalData } from '../../../shared/protocol/signal.js';
import { AgentMessage as AgentMessageSchema } from '../../../shared/protocol/dataChannel.js';
import { lowLatencyWebRtc } from './lowLatency.js';

type StaffSocket = Socket<StaffServerEvents, StaffClientEvents>;

/** How long a request waits for the server's answer (socket.io's `ackTimeout`). */
const REQUEST_TIMEOUT_MS = 15_000;

export interface LiveEvents {
  state(session: SessionView): void;
  stream(stream: MediaStream): void;
  message(message: AgentMessage): void;
  action(actor: 'agent' | 'engineer', action: SessionAction): void;
  warning(minutesLeft: number, deadline: Deadline): void;
  extension(decision: 'accept' | 'decline' | 'expired', deadline: Deadline | null): void;
  /** `handedOverTo`: the new session a browser session handed over to (the user runs the agent program). */
  ended(reason: EndReason, handedOverTo: number | null): void;
  peer(connected: boolean): void;
  playbackCheck(check: PlaybackCheckView): void;
}

/**
 * The engineer's side of a live session: the staff channel (JWT in the handshake, never the URL)
 * and one WebRTC peer with the agent, which offers. Messages from the agent are parsed with the
 * shared schemas; nothing from it is ever treated as HTML.
 */
export class LiveConnection {
  private socket: StaffSocket | null = null;
  private peer: SimplePeer.Instance | null = null;
  private iceServers: IceServer[] = [];
  role: ViewerRole | null = null;

  constructor(
    private readonly sessionId: number,
    private readonly token: () => string | null,
    private readonly on: Partial<LiveEvents>,
  ) {}

  async open(): Promise<SessionView> {
    const socket: StaffSocket = io('/staff', { auth: (cb) => cb({ token: this.token() }), transports: ['websocket'], ackTimeout: REQUEST_TIMEOUT_MS });
    this.socket = socket;
    socket.on('session:state', (s) => s.id === this.sessionId && this.on.state?.(s));
    socket.on('signal', ({ sessionId, data }) => sessionId === this.sessionId && this.signal(data));
    socket.on('session:action', (p) => p.sessionId === this.sessionId && this.on.action?.(p.actor, p.action));
    socket.on('session:warning', (p) => p.sessionId === this.sessionId && this.on.warning?.(p.minutesLeft, p.deadline));
    socket.on('session:extension-answer', (p) => p.sessionId === this.sessionId && this.on.extension?.(p.decision, p.deadline));
    socket.on('session:playback-check', (p) => p.sessionId === this.sessionId && this.on.playbackCheck?.(p.check));
    socket.on('session:ended', (p) => {
      if (p.sessionId !== this.sessionId) return;
      this.closePeer();
      this.on.ended?.(p.reason, p.handedOverTo ?? null);
    });
    // Every (re)connection watches again: the server re-checks the right to.
    const watched = new Promise<SessionView>((resolve, reject) => {
      socket.on('connect', () => {
        void this.request('session:watch', { sessionId: this.sessionId }).then((r) => {
          this.role = r.role;
          this.iceServers = r.iceServers;
          this.on.state?.(r.session);
          resolve(r.session);
        }, reject);
      });
      socket.on('connect_error', reject);
    });
    return watched;
  }

  /** Sends a request; resolves with its checked result, or throws the server's refusal as an AppError (with `code`). */
  async request<K extends keyof StaffClientEvents>(event: K, ...payload: PayloadArgs<StaffClientEvents[K]>): Promise<AckSuccess<StaffClientEvents[K]>> {
    if (!this.socket) throw new Error('The live connection is not open.');
    return emitWithAck(this.socket, STAFF_ACK_RESULTS, event, ...payload);
  }

  send(message: ViewerMessage): void {
    if (this.peer?.connected) this.peer.send(JSON.stringify(message));
  }

  /** What the engineer does goes to the audit log too. */
  report(action: SessionAction): void {
    void this.request('session:action', { sessionId: this.sessionId, action }).catch(() => undefined);
  }

  close(): void {
    this.closePeer();
    this.socket?.close();
  }

  private signal(data: SignalData): void {
    if (!this.peer) this.startPeer();
    // Our schema checked the shape; simple-peer's typings want the DOM's full RTCIceCandidate.
    this.peer!.signal(data as SimplePeer.SignalData);
  }

  private startPeer(): void {
    const peer = new SimplePeer({ initiator: false, trickle: true, config: { iceServers: this.iceServers }, wrtc: lowLatencyWebRtc() });
    this.peer = peer;
    peer.on('signal', (data: SignalData) => void this.request('signal', { sessionId: this.sessionId, data }).catch(() => undefined));
    peer.on('stream', (stream: MediaStream) => this.on.stream?.(stream));
    peer.on('connect', () => this.on.peer?.(true));
    peer.on('close', () => {
      if (this.peer === peer) this.peer = null;
      this.on.peer?.(false);
    });
    peer.on('error', () => undefined);
    peer.on('data', (raw: Uint8Array) => {
      try {
        const parsed = AgentMessageSchema.safeParse(JSON.parse(new TextDecoder().decode(raw)));
        if (parsed.success) this.on.message?.(parsed.data);
      } catch {
        // Not JSON: ignored, as anything malformed from the other side.
      }
    });
  }

  private closePeer(): void {
    this.peer?.destroy();
    this.peer = null;
  }
}
