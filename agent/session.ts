import { AppError } from '../shared/errors.js';
import { SESSION_CONSENT, sha256Hex } from '../shared/consent.js';
import type { ViewerMessage } from '../shared/protocol/dataChannel.js';
import { DIAGNOSTIC_CHECK_IDS, type DiagnosticCheckId } from '../shared/protocol/diagnostics.js';
import type { ViewerRole } from '../shared/protocol/events.js';
import type { ConsentRequest, EndReason, ExtensionRequest } from '../shared/protocol/session.js';
import type { IceServer } from '../shared/protocol/signal.js';
import { SERVER_WORD_GRACE_MS } from './consentPrompt.js';
import { Countdown } from './countdown.js';
import { deviceReport } from './deviceReport.js';
import { ExtensionPrompt } from './extensionPrompt.js';
import { runDiagnostics } from './diagnostics/run.js';
import type { FrontEvents } from './front.js';
import { RemoteControl } from './input/control.js';
import { PeerHub } from './peers.js';
import { type AgentDeps, downloadFromServer, EXIT, exitAfterEndBeforeConsent, pingServer, reportAction, within } from './sessionParts.js';
import type { EndedReason } from './ui/types.js';
import { agentVersion } from './version.js';
import { VideoFeed } from './video/feed.js';

/** How long stopping waits for the server (reports, then the stop's acknowledgement). */
const STOP_WAIT_MS = 3000;

/** What the engineer is told while remote control waits for the user's answer on screen. */
const HELD_NOTE = 'The user is answering a question on screen; remote control waits until they have.';

/**
 * One remote-support session on the user's PC, from the device report to the end: consent in
 * the user's own window (or terminal), the screen as a WebRTC track, remote control that the
 * user can pause, the fixed diagnostics, chat, and a time limit the agent enforces by its own
 * clock.
 */
export class AgentSession {
  private feed: VideoFeed | null = null;
  private hub: PeerHub | null = null;
  private control: RemoteControl;
  private readonly countdown: Countdown;
  private finished!: (code: number) => void;
  private readonly done = new Promise<number>((resolve) => (this.finished = resolve));
  private ending = false;
  /** Why the user is stopping, while the server is being told. */
  private stopping: string | null = null;
  /** Consent recorded: from here on the session is running, with its peers and capture. */
  private started = false;
  /** Why the server ended the session, once it said so: it may do that before consent too. */
  private serverEnd: EndReason | null = null;
  /** Withdraws every open prompt when the session ends, whoever ends it. */
  private readonly prompts = new AbortController();
  private readonly extensions: ExtensionPrompt;
  private pingSeq = 0;
  /** Viewers announced before the screen is ready to share (the server announces them at consent). */
  private readonly waitingViewers: Array<{ viewerId: string; role: ViewerRole; name: string }> = [];

  constructor(private readonly d: AgentDeps) {
    this.control = new RemoteControl(d.input, () => this.feed?.current.display ?? null);
    this.extensions = new ExtensionPrompt(d, this.prompts.signal);
    this.countdown = new Countdown(d.clock, d.warningMinutes, {
      warning: (minutesLeft) => d.front.notice({ kind: 'warning', minutesLeft }),
      expired: () => void this.end(EXIT.ok, 'time_up', 'own clock: time limit reached'),
    });
    // From the first moment: the engineer may end the session, or the server's consent timer
    // lapse, while the user is still reading the consent.
    d.channel.socket.on('session:ended', ({ reason }) => this.onServerEnded(reason));
  }

  /** Runs the session; resolves with the process exit code as soon as it has ended, whatever it was waiting for. */
  run(): Promise<number> {
    return Promise.race([this.phases(), this.done]);
  }

  private async phases(): Promise<number> {
    const { channel, front } = this.d;
    const consent = await this.hello();
    if (typeof consent === 'number') return consent;
    // The answer is due when the server's consent timer lapses. The prompt gives the server's
    // word a moment to arrive first, so that the server's timer — not a race — decides.
    const deadline = consent.receivedAt + consent.request.answerWithinMs + SERVER_WORD_GRACE_MS;
    this.d.log.write('consent shown', `${consent.request.text.version} for ${consent.request.caseRef} by ${consent.request.engineerName}`);
    const result = await front.askConsent(consent.request, { deadline, withdrawn: this.prompts.signal });
    if (this.ending) return this.done;
    if (this.serverEnd) return this.endedBeforeConsent(this.serverEnd);
    if ('declined' in result) return this.decline(result.declined);
    this.listen();
    const accepted = await channel.request('agent:consent', result.answer).catch((error: unknown) => {
      if (this.serverEnd || this.ending) return null;
      throw error;
    });
    if (this.ending) return this.done;
    if (this.serverEnd || !accepted?.deadline) return this.endedBeforeConsent(this.serverEnd ?? 'user_declined');
    this.started = true;
    this.d.log.write('consent given', `name "${result.answer.typedName}", observers ${result.answer.allowObservers ? 'allowed' : 'not allowed'}`);
    front.started(accepted.deadline.remainingMs, this.control.current, this.userEvents());
    this.countdown.set(accepted.deadline.remainingMs);
    await this.startSharing(accepted.iceServers);
    void this.runDiagnostics([...DIAGNOSTIC_CHECK_IDS], null);
    return this.done;
  }

  /**
   * The user stops: Stop in the panel, `q`, Ctrl-C, closing the terminal, or the system shutting
   * the agent down (`bySignal`: then the end is not shown and waited on — nobody is there to
   * close it). What waits for the audit log goes first, then the server is told (briefly: the
   * user wants out), then everything here is torn down.
   */
  async stop(why: string, bySignal = false): Promise<void> {
    if (this.ending || this.stopping) return;
    this.stopping = why;
    this.d.log.write('stop requested', why);
    await this.d.channel.reports.flush(STOP_WAIT_MS);
    await within(STOP_WAIT_MS, this.d.channel.request('agent:stop', { reason: why }))
      .then((confirmed) => confirmed || this.d.log.write('stop not confirmed by the server', `no answer within ${STOP_WAIT_MS} ms`))
      .catch((error: unknown) => this.d.log.write('stop not confirmed by the server', String(error)));
    await this.end(EXIT.ok, 'user_stopped', `user stopped the session: ${why}`, !bySignal);
  }

  /** The device report; resolves with the consent request (and when it arrived), or the exit code. */
  private async hello(): Promise<{ request: ConsentRequest; receivedAt: number } | number> {
    const { channel } = this.d;
    try {
      const { consent } = await channel.request('agent:hello', { device: await deviceReport(this.d.displays), language: this.d.front.language, agentVersion: agentVersion() });
      const receivedAt = this.d.clock.now();
      if (this.ending) return this.done;
      if (this.serverEnd) return this.endedBeforeConsent(this.serverEnd);
      return { request: consent, receivedAt };
    } catch (error) {
      if (error instanceof AppError && error.code === 'DEVICE_NOT_SUPPORTED') return this.stopWith(EXIT.unsupported, 'device_refused', error.message);
      if (this.ending) return this.done;
      if (this.serverEnd) return this.endedBeforeConsent(this.serverEnd);
      throw error;
    }
  }

  private onServerEnded(reason: EndReason): void {
    this.serverEnd = reason;
    this.prompts.abort();
    // Before consent, run() is waiting on a prompt or a request and finishes the story itself.
    const why = this.stopping && reason === 'user_stopped' ? `user stopped the session: ${this.stopping}` : `server ended the session: ${reason}`;
    if (this.started) void this.end(EXIT.ok, reason, why);
  }

  /** The server ended the session before it started: the user is told why, and nothing was shared. */
  private endedBeforeConsent(reason: EndReason): Promise<number> {
    this.d.log.write('session ended before consent', reason);
    return this.stopWith(exitAfterEndBeforeConsent(reason), reason);
  }

  private async decline(why: 'declined' | 'timeout' | 'text_mismatch' | 'withdrawn'): Promise<number> {
    const { channel } = this.d;
    this.d.log.write('consent declined', why);
    if (why === 'text_mismatch') await channel.request('agent:stop', { reason: 'consent text mismatch' }).catch(() => undefined);
    // Unanswered with the server away: its own consent timer records the timeout.
    else if (why === 'declined' || channel.connected) await channel.request('agent:consent', await this.declineAnswer()).catch(() => undefined);
    return this.stopWith(EXIT.declined, why === 'declined' ? 'declined' : why === 'text_mismatch' ? 'text_mismatch' : 'unanswered');
  }

  private async declineAnswer() {
    const language = this.d.front.language;
    return { decision: 'decline' as const, textVersion: SESSION_CONSENT.version, textSha256: await sha256Hex(SESSION_CONSENT[language]), language, typedName: '-', allowObservers: false };
  }

  private async startSharing(iceServers: IceServer[]): Promise<void> {
    const { channel, log } = this.d;
    this.feed = new VideoFeed(this.d.capture, this.d.clock, {
      changed: (display, size, cause) => {
        log.write('sharing display', `${display.name} ${display.width}x${display.height} as ${size.width}x${size.height} @ ${size.fps} fps (${cause})`);
        this.hub?.broadcast({ type: 'monitor', displayId: display.id, width: size.width, height: size.height });
      },
      failed: (error) => log.write('capture failed', error.message),
    });
    await this.feed.start();
    this.hub = new PeerHub(this.feed.stream, iceServers, {
      signal: (to, data) => void channel.request('signal', { to, data }).catch((error: unknown) => log.write('signal refused', String(error))),
      open: (viewerId, role) => this.greet(viewerId, role),
      message: (viewerId, role, message) => void this.onViewerMessage(viewerId, role, message),
      closed: (viewerId) => log.write('viewer peer closed', viewerId),
      invalid: (viewerId, reason) => log.write('refused from viewer', `${viewerId}: ${reason}`),
    });
    for (const v of [...channel.welcome.viewers.map((w) => ({ ...w, name: w.role })), ...this.waitingViewers.splice(0)]) {
      if (!this.hub.has(v.viewerId)) this.hub.add(v.viewerId, v.role, v.name);
    }
    if (!this.d.input) reportAction(this.d, { kind: 'control_unavailable', reason: this.control.unavailableReason ?? 'unavailable' });
  }

  private listen(): void {
    const { channel, front, log } = this.d;
    const s = channel.socket;
    s.on('viewer:joined', (v) => {
      front.notice({ kind: 'viewer_joined', name: v.name, role: v.role });
      log.write('viewer joined', `${v.name} (${v.role})`);
      if (this.hub) this.hub.add(v.viewerId, v.role, v.name);
      else this.waitingViewers.push(v);
    });
    s.on('viewer:left', (v) => this.hub?.remove(v.viewerId));
    s.on('signal', ({ from, data }) => this.hub?.signal(from, data));
    s.on('session:warning', ({ deadline }) => {
      this.countdown.set(deadline.remainingMs);
      front.remaining(deadline.remainingMs);
    });
    s.on('session:extension-request', (request) => void this.askExtension(request, this.d.clock.now()));
    s.on('session:extension-expired', ({ requestId }) => {
      this.extensions.lapsed(requestId);
      front.notice({ kind: 'extension_lapsed' });
    });
    s.on('session:extended', ({ deadline }) => {
      this.countdown.set(deadline.remainingMs);
      front.extended(deadline.remainingMs);
    });
    s.on('session:welcome', (w) => {
      for (const v of w.viewers) if (!this.hub?.has(v.viewerId)) this.hub?.add(v.viewerId, v.role, v.role);
    });
    s.io.on('reconnect_attempt', () => front.notice({ kind: 'server_lost' }));
    s.io.on('reconnect', () => front.notice({ kind: 'server_back' }));
  }

  /** What the user does in the panel (or types at the terminal) while the session runs. */
  private userEvents(): FrontEvents {
    return {
      stop: (why) => void this.stop(why),
      togglePause: () => {
        const before = this.control.current;
        const after = this.control.toggleByUser();
        if (after === before) return;
        reportAction(this.d, after === 'paused' ? { kind: 'control_paused', by: 'user' } : { kind: 'control_resumed', by: 'user' });
        this.hub?.broadcast({ type: 'control', state: after, by: 'user', note: this.control.held ? HELD_NOTE : null });
        this.d.front.control(after);
      },
      chat: (line) => {
        const text = line.slice(0, 2000);
        this.hub?.broadcast({ type: 'chat', text, at: new Date().toISOString() });
        reportAction(this.d, { kind: 'chat', text });
      },
    };
  }

  /**
   * An extension request, asked in its own window (or at the terminal). Remote control waits
   * while it is open: on Linux an injected X click cannot be told from the user's, so the
   * engineer's pointer must not be able to reach the question at all.
   */
  private async askExtension(request: ExtensionRequest, receivedAt: number): Promise<void> {
    const release = this.control.hold();
    if (this.control.current === 'on') this.hub?.broadcast({ type: 'control', state: 'paused', by: 'agent', note: HELD_NOTE });
    try {
      await this.extensions.ask(request, receivedAt);
    } finally {
      release();
      if (!this.ending && this.control.current === 'on' && !this.control.held) this.hub?.broadcast({ type: 'control', state: 'on', by: 'agent', note: null });
    }
  }

  private greet(viewerId: string, role: ViewerRole): void {
    const display = this.feed?.current.display;
    const held = this.control.held && this.control.current === 'on';
    this.hub?.send(viewerId, {
      type: 'hello',
      displays: this.d.displays,
      displayId: display?.id ?? '',
      control: role !== 'owner' ? 'off' : held ? 'paused' : this.control.current,
      controlNote: held ? HELD_NOTE : this.control.unavailableReason,
    });
  }

  /** Only the owning engineer's peer may act; an observer only watches. */
  private async onViewerMessage(viewerId: string, role: ViewerRole, message: ViewerMessage): Promise<void> {
    const { front, log } = this.d;
    if (role !== 'owner') return log.write('ignored from observer', message.type);
    switch (message.type) {
      case 'pointer':
      case 'wheel':
      case 'key':
      case 'text':
        if (!this.control.apply(message) && this.control.held) log.write('input held', `${message.type} not applied: the user is answering a question on screen`);
        return;
      case 'control': {
        const before = this.control.current;
        const after = this.control.engineer(message.action);
        if (after === before) return this.hub?.send(viewerId, { type: 'control', state: after, by: 'agent', note: this.control.unavailableReason });
        reportAction(this.d, after === 'on' ? { kind: 'control_granted' } : { kind: 'control_stopped', by: 'engineer' });
        const held = after === 'on' && this.control.held;
        this.hub?.broadcast({ type: 'control', state: held ? 'paused' : after, by: held ? 'agent' : 'engineer', note: held ? HELD_NOTE : null });
        front.control(after);
        return;
      }
      case 'diagnostics':
        front.notice({ kind: 'diagnostics_run', checks: message.checks.length });
        return this.runDiagnostics(message.checks, { viewerId, requestId: message.requestId });
      case 'chat':
        front.chat({ from: 'engineer', name: 'HelpDesk', text: message.text });
        log.write('chat from engineer', message.text);
        return;
      case 'monitor': {
        const display = await this.feed?.switchTo(message.displayId);
        if (display) reportAction(this.d, { kind: 'monitor_switched', displayId: display.id });
        return;
      }
    }
  }

  private async runDiagnostics(checks: DiagnosticCheckId[], requestedBy: { viewerId: string; requestId: string } | null): Promise<void> {
    const { channel, serverUrl } = this.d;
    const results = await runDiagnostics(checks, {
      minimum: this.d.minimum,
      platform: process.platform,
      ping: () => pingServer(channel, this.pingSeq++),
      download: (bytes) => downloadFromServer(serverUrl, channel.welcome.sessionToken, bytes),
    });
    if (this.ending) return;
    for (const r of results) reportAction(this.d, { kind: 'diagnostic_run', check: r.check, status: r.status, summary: r.summary.slice(0, 1000), automatic: requestedBy === null, items: r.items });
    if (requestedBy) this.hub?.send(requestedBy.viewerId, { type: 'diagnostics', requestId: requestedBy.requestId, results });
    else this.hub?.broadcast({ type: 'diagnostics', requestId: 'automatic', results });
  }

  /**
   * Tears everything down, whether the server, the user or the agent's own clock ended it, then
   * tells the user why (`shown`: and waits until they have closed the end window).
   */
  private async end(code: number, reason: EndedReason, why: string, shown = true): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    this.prompts.abort();
    this.d.log.write('session ended', why);
    if (this.d.channel.reports.size > 0) this.d.log.write('reports never delivered', `${this.d.channel.reports.size} waiting for the server when the session ended`);
    this.countdown.stop();
    this.control.stop();
    this.hub?.closeAll();
    await this.feed?.stop().catch(() => undefined);
    this.d.input?.close();
    this.d.channel.close();
    const seen = this.d.front.ended(reason);
    if (shown) await seen;
    this.finished(code);
  }

  /** The session never started: the user is told why, and nothing was shared. */
  private async stopWith(code: number, reason: EndedReason, detail?: string): Promise<number> {
    this.d.channel.close();
    await this.d.front.ended(reason, detail);
    return code;
  }
}
