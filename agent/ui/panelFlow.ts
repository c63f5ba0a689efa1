import type { Clock, TimerHandle } from '../../shared/clock.js';
import { noticeText, type WindowWords } from './messages.js';
import type { ScreenHost, ScreenWindow } from './screen.js';
import { LANGUAGE_BUTTON, panelScreen } from './screens.js';
import type { ChatLine, PanelEvents, PanelNotice, PanelState, SessionPanel } from './types.js';

/** The panel keeps the latest lines of the chat on screen (the whole chat is in the logs). */
const CHAT_LINES_SHOWN = 200;

interface PanelDeps {
  host: ScreenHost;
  clock: Clock;
  words: () => WindowWords;
  toggleLanguage: () => void;
  done: () => void;
}

/**
 * The small always-on-top window while the session runs: the time left (counted down here, on
 * the UI's clock), the state of remote control with Pause/Resume, Stop, and the chat. Closing
 * it does nothing: the session goes on until Stop, the engineer or the time limit ends it.
 */
export class PanelFlow implements SessionPanel {
  private readonly window: ScreenWindow;
  private latestNotice: PanelNotice | null = null;
  private readonly lines: ChatLine[] = [];
  private draft = '';
  private timer: TimerHandle | null = null;
  private closed = false;

  constructor(
    private readonly d: PanelDeps,
    private state: PanelState,
    private readonly events: PanelEvents,
  ) {
    this.window = d.host.open(this.screen(), {
      input: (id, value) => {
        if (id !== 'message') return;
        this.draft = value;
        this.render();
      },
      activate: (id, deliberate) => this.activate(id, deliberate),
      closed: () => undefined,
    });
    this.tick();
  }

  update(state: Partial<PanelState>): void {
    this.state = { ...this.state, ...state };
    this.render();
  }

  chat(line: ChatLine): void {
    this.lines.push(line);
    this.lines.splice(0, Math.max(0, this.lines.length - CHAT_LINES_SHOWN));
    this.render();
  }

  notice(notice: PanelNotice): void {
    this.latestNotice = notice;
    this.render();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) this.d.clock.clearTimeout(this.timer);
    this.window.close();
    this.d.done();
  }

  render(): void {
    if (!this.closed) this.window.update(this.screen());
  }

  private screen() {
    const w = this.d.words();
    return panelScreen(w, {
      msLeft: this.state.endsAt - this.d.clock.now(),
      control: this.state.control,
      notice: this.latestNotice ? noticeText(w, this.latestNotice) : '',
      chat: this.lines,
      draft: this.draft,
    });
  }

  private activate(id: string, deliberate: boolean): void {
    switch (id) {
      case 'pause':
        // Pausing is always safe; giving control back needs the user's own click.
        if (this.state.control === 'on' || (this.state.control === 'paused' && deliberate)) this.events.togglePause();
        return;
      case 'stop':
        return this.events.stop();
      case 'send': {
        const text = this.draft.trim().slice(0, 2000);
        if (!text) return;
        this.events.chat(text);
        this.draft = '';
        return this.chat({ from: 'user', name: this.d.words().you, text });
      }
      case LANGUAGE_BUTTON:
        return this.d.toggleLanguage();
    }
  }

  private tick(): void {
    this.render();
    this.timer = this.d.clock.setTimeout(() => this.tick(), 1000);
  }
}
