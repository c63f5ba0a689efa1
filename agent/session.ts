import { AppError } from '../shared/errors.js';
import { EXTENSION_CONSENT, SESSION_CONSENT, sha256Hex } from '../shared/consent.js';
import type { ViewerMessage } from '../shared/protocol/dataChannel.js';
import { DIAGNOSTIC_CHECK_IDS, type DiagnosticCheckId } from '../shared/protocol/diagnostics.js';
import type { ViewerRole } from '../shared/protocol/events.js';
import type { ConsentRequest, Deadline, ExtensionRequest } from '../shared/protocol/session.js';
import type { IceServer } from '../shared/protocol/signal.js';
import { askExtensionConsent, askSessionConsent } from './consentPrompt.js';
import { Countdown } from './countdown.js';
import { deviceReport } from './deviceReport.js';
import { runDiagnostics } from './diagnostics/run.js';
import { RemoteControl } from './input/control.js';
import { PeerHub } from './peers.js';
import { type AgentDeps, downloadFromServer, EXIT, pingServer, reportAction } from './sessionParts.js';
import { VideoFeed } from './video/feed.js';

/**
 * One remote-support session on the user's PC, from the device report to the end: consent at
 * the user's own terminal, the screen as a WebRTC track, remote control that the user can pause,
 * the fixed diagnostics, chat, and a time limit the agent enforces by its own clock.
 */
export class AgentSession {
  private feed: VideoFeed | null = null;
  private hub: PeerHub | null = null;
  private control: RemoteControl;
  private readonly countdown: Countdown;
  private finished!: (code: number) => void;
  private readonly done = new Promise<number>((resolve) => (this.finished = resolve));
  private ending = false;
  private pingSeq = 0;
  /** Viewers announced before the screen is ready to share (the server announces them at consent). */
  private readonly waitingViewers: Array<{ viewerId: string; role: ViewerRole; name: string }> = [];

  constructor(private readonly d: AgentDeps) {
    this.control = new RemoteControl(d.input, () => this.feed?.current.display ?? null);
    this.countdown = new Countdown(d.clock, d.warningMinutes, {
      warning: (m) => d.terminal.print(d.messages.warning(m)),
      expired: () => void this.end(EXIT.ok, d.messages.timeUp, 'own clock: time limit reached'),
    });
  }

  /** Runs the session; resolves with the process exit code. */
  async run(): Promise<number> {
    const { channel, messages: m, terminal } = this.d;
    let consent: ConsentRequest;
    try {
      consent = (await channel.request<{ consent: ConsentRequest }>('agent:hello', { device: await deviceReport(this.d.displays), language: this.d.language, agentVersion: '0.1.0' })).consent;
    } catch (error) {
      if (error instanceof AppError && error.code === 'DEVICE_NOT_SUPPORTED') return this.stopWith(EXIT.unsupported, m.deviceRefused(error.message));
      throw error;
    }
    this.d.log.write('consent shown', `${consent.text.version} for ${consent.caseRef} by ${consent.engineerName}`);
    const result = await askSessionConsent(this.d, consent);
    if ('declined' in result) return this.decline(result.declined);
    this.listen();
    const accepted = await channel.request<{ deadline: Deadline; iceServers: IceServer[] }>('agent:consent', result.answer);
    this.d.log.write('consent given', `name "${result.answer.typedName}", observers ${result.answer.allowObservers ? 'allowed' : 'not allowed'}`);
    terminal.print(m.accepted(Math.round(accepted.deadline.remainingMs / 60_000)));
    terminal.print(m.commands);
    this.countdown.set(accepted.deadline.remainingMs);
    await this.startSharing(accepted.iceServers);
    void this.runDiagnostics([...DIAGNOSTIC_CHECK_IDS], null);
    return this.done;
  }

  private async decline(why: 'declined' | 'timeout' | 'text_mismatch'): Promise<number> {
    const { channel, messages: m } = this.d;
    this.d.log.write('consent declined', why);
    if (why === 'text_mismatch') await channel.request('agent:stop', { reason: 'consent text mismatch' }).catch(() => undefined);
    else await channel.request('agent:consent', await this.declineAnswer()).catch(() => undefined);
    return this.stopWith(EXIT.declined, why === 'timeout' ? m.timedOut : why === 'declined' ? m.declined : m.textMismatch);
  }

  private async declineAnswer() {
    return { decision: 'decline', textVersion: SESSION_CONSENT.version, textSha256: await sha256Hex(SESSION_CONSENT[this.d.language]), language: this.d.language, typedName: '-', allowObservers: false };
  }

  private async startSharing(iceServers: IceServer[]): Promise<void> {
    const { channel, log } = this.d;
    this.feed = new VideoFeed(this.d.capture, this.d.clock, {
      changed: (display, size) => {
        log.write('sharing display', `${display.name} ${display.width}x${display.height} as ${size.width}x${size.height} @ ${size.fps} fps`);
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
    const { channel, terminal, messages: m, log } = this.d;
    const s = channel.socket;
    s.on('viewer:joined', (v) => {
      terminal.print(m.viewerJoined(v.name, v.role));
      log.write('viewer joined', `${v.name} (${v.role})`);
      if (this.hub) this.hub.add(v.viewerId, v.role, v.name);
      else this.waitingViewers.push(v);
    });
    s.on('viewer:left', (v) => this.hub?.remove(v.viewerId));
    s.on('signal', ({ from, data }) => this.hub?.signal(from, data));
    s.on('session:warning', ({ deadline }) => {
      this.countdown.set(deadline.remainingMs);
      terminal.print(m.remaining(Math.ceil(deadline.remainingMs / 60_000)));
    });
    s.on('session:extension-request', (request) => void this.onExtension(request));
    s.on('session:extension-expired', () => terminal.print(m.extensionLapsed));
    s.on('session:extended', ({ deadline }) => {
      this.countdown.set(deadline.remainingMs);
      terminal.print(m.extended(Math.round(deadline.remainingMs / 60_000)));
    });
    s.on('session:ended', ({ reason }) => void this.end(EXIT.ok, m.ended[reason] ?? reason, `server ended the session: ${reason}`));
    s.on('session:welcome', (w) => {
      for (const v of w.viewers) if (!this.hub?.has(v.viewerId)) this.hub?.add(v.viewerId, v.role, v.role);
    });
    s.io.on('reconnect_attempt', () => terminal.print(m.serverLost));
    s.io.on('reconnect', () => terminal.print(m.serverBack));
    terminal.onCommand((line) => this.onCommand(line));
  }

  private onCommand(line: string): void {
    const { terminal, messages: m } = this.d;
    if (line === 'q') {
      // Tell the server first (it ends the session for everyone), then stop here in any case.
      void this.d.channel
        .request('agent:stop', {})
        .catch((error: unknown) => this.d.log.write('stop not confirmed by the server', String(error)))
        .finally(() => this.end(EXIT.ok, m.ended['user_stopped']!, 'user stopped the session'));
    } else if (line === 'p') {
      const before = this.control.current;
      const after = this.control.toggleByUser();
      if (after === before) return;
      reportAction(this.d, after === 'paused' ? { kind: 'control_paused', by: 'user' } : { kind: 'control_resumed', by: 'user' });
      this.hub?.broadcast({ type: 'control', state: after, by: 'user', note: null });
      terminal.print(after === 'paused' ? m.controlPaused : m.controlOn);
    } else if (line.startsWith('c ') && line.length > 2) {
      const text = line.slice(2).slice(0, 2000);
      this.hub?.broadcast({ type: 'chat', text, at: new Date().toISOString() });
      reportAction(this.d, { kind: 'chat', text });
    }
  }

  private greet(viewerId: string, role: ViewerRole): void {
    const display = this.feed?.current.display;
    this.hub?.send(viewerId, {
      type: 'hello',
      displays: this.d.displays,
      displayId: display?.id ?? '',
      control: role === 'owner' ? this.control.current : 'off',
      controlNote: this.control.unavailableReason,
    });
  }

  /** Only the owning engineer's peer may act; an observer only watches. */
  private async onViewerMessage(viewerId: string, role: ViewerRole, message: ViewerMessage): Promise<void> {
    const { terminal, messages: m, log } = this.d;
    if (role !== 'owner') return log.write('ignored from observer', message.type);
    switch (message.type) {
      case 'pointer':
      case 'wheel':
      case 'key':
      case 'text':
        this.control.apply(message);
        return;
      case 'control': {
        const before = this.control.current;
        const after = this.control.engineer(message.action);
        if (after === before) return this.hub?.send(viewerId, { type: 'control', state: after, by: 'agent', note: this.control.unavailableReason });
        reportAction(this.d, after === 'on' ? { kind: 'control_granted' } : { kind: 'control_stopped', by: 'engineer' });
        this.hub?.broadcast({ type: 'control', state: after, by: 'engineer', note: null });
        terminal.print(after === 'on' ? m.controlOn : m.controlOff);
        return;
      }
      case 'diagnostics':
        terminal.print(m.diagnosticsRun(message.checks.length));
        return this.runDiagnostics(message.checks, { viewerId, requestId: message.requestId });
      case 'chat':
        terminal.print(m.chatFrom('HelpDesk', message.text));
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

  private async onExtension(request: ExtensionRequest): Promise<void> {
    const { channel, log } = this.d;
    log.write('extension asked', `${request.minutes} min: ${request.reason}`);
    const result = await askExtensionConsent(this.d, request);
    if ('declined' in result && result.declined === 'text_mismatch') return;
    const answer = 'answer' in result ? { decision: 'accept' as const, ...result.answer } : { decision: 'decline' as const, ...(await this.extensionDecline()) };
    log.write('extension answered', answer.decision);
    await channel.request('agent:extension-answer', { requestId: request.requestId, language: this.d.language, ...answer }).catch((error: unknown) => log.write('extension answer refused', String(error)));
  }

  private async extensionDecline() {
    return { textVersion: EXTENSION_CONSENT.version, textSha256: await sha256Hex(EXTENSION_CONSENT[this.d.language]), typedName: '-' };
  }

  /** Tears everything down, whether the server, the user or the agent's own clock ended it. */
  private async end(code: number, message: string, why: string): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    this.d.log.write('session ended', why);
    this.countdown.stop();
    this.control.stop();
    this.hub?.closeAll();
    await this.feed?.stop().catch(() => undefined);
    this.d.input?.close();
    this.d.channel.close();
    this.d.terminal.print(message);
    this.finished(code);
  }

  private stopWith(code: number, message: string): number {
    this.d.terminal.print(message);
    this.d.channel.close();
    return code;
  }
}
