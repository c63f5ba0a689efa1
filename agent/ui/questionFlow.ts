import { createHash } from 'node:crypto';
import type { Clock, TimerHandle } from '../../shared/clock.js';
import type { ConsentText } from '../../shared/consent.js';
import type { Language } from '../i18n.js';
import type { ScreenHost, Screen, ScreenWindow } from './screen.js';
import { type ConsentState, LANGUAGE_BUTTON, nameIsValid } from './screens.js';
import type { ConsentOutcome, Prompt } from './types.js';

/**
 * A click on Accept sooner than this after the window appeared is not taken as an answer: the
 * user may have been clicking where the window popped up. (Browsers guard permission prompts
 * the same way.)
 */
export const ACCEPT_ARMS_AFTER_MS = 1000;

interface QuestionDeps {
  host: ScreenHost;
  clock: Clock;
  language: () => Language;
  toggleLanguage: () => void;
  text: ConsentText;
  answerBy: number;
  screen: (state: ConsentState) => Screen;
  /** Called once the question is answered or withdrawn, to forget it. */
  done: () => void;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * A consent question in a window (the session's, or an extension's): accepted only by the
 * user's deliberate click on Accept, after a name was typed and the window had been up for a
 * moment. Decline, closing the window and silence until `answerBy` all decline. There is no
 * path from anything but that click to `accept`.
 */
export class QuestionFlow {
  private readonly state: ConsentState = { name: '', allowObservers: false, armed: false, secondsLeft: 0, sha256: '' };
  private readonly window: ScreenWindow;
  private readonly timers: TimerHandle[] = [];
  private tickTimer: TimerHandle | null = null;
  private finished = false;
  private resolve!: (outcome: ConsentOutcome) => void;
  readonly prompt: Prompt<ConsentOutcome>;

  constructor(private readonly d: QuestionDeps) {
    const result = new Promise<ConsentOutcome>((resolve) => (this.resolve = resolve));
    this.prompt = { result, close: (reason) => this.finish({ kind: 'closed', reason }) };
    this.window = d.host.open(this.screen(), {
      input: (id, value) => {
        if (id !== 'name') return;
        this.state.name = value;
        this.render();
      },
      activate: (id, deliberate) => this.activate(id, deliberate),
      closed: () => this.finish({ kind: 'decline' }),
    });
    this.timers.push(
      d.clock.setTimeout(() => {
        this.state.armed = true;
        this.render();
      }, ACCEPT_ARMS_AFTER_MS),
      d.clock.setTimeout(() => this.finish({ kind: 'timeout' }), d.answerBy - d.clock.now()),
    );
    this.tick();
  }

  render(): void {
    if (!this.finished) this.window.update(this.screen());
  }

  private screen(): Screen {
    this.state.secondsLeft = Math.max(0, Math.ceil((this.d.answerBy - this.d.clock.now()) / 1000));
    this.state.sha256 = sha256(this.d.text[this.d.language()]);
    return this.d.screen(this.state);
  }

  private activate(id: string, deliberate: boolean): void {
    switch (id) {
      case 'accept':
        // Only the user's own click: not a message another program sent, not the engineer's pointer.
        if (!deliberate || !this.state.armed || !nameIsValid(this.state.name)) return;
        return this.finish({ kind: 'accept', typedName: this.state.name.trim(), allowObservers: this.state.allowObservers, language: this.d.language() });
      case 'observers':
        // Letting a supervisor watch is part of the consent: the same rule as Accept.
        if (!deliberate) return;
        this.state.allowObservers = !this.state.allowObservers;
        return this.render();
      case 'decline':
        return this.finish({ kind: 'decline' });
      case LANGUAGE_BUTTON:
        return this.d.toggleLanguage();
    }
  }

  private tick(): void {
    this.render();
    this.tickTimer = this.d.clock.setTimeout(() => this.tick(), 1000);
  }

  private finish(outcome: ConsentOutcome): void {
    if (this.finished) return;
    this.finished = true;
    for (const timer of this.timers) this.d.clock.clearTimeout(timer);
    if (this.tickTimer) this.d.clock.clearTimeout(this.tickTimer);
    this.window.close();
    this.d.done();
    this.resolve(outcome);
  }
}
