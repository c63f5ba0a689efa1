import { monotonicClock } from '../../../agent/countdown.js';
import { ScreenUi } from '../../../agent/ui/screenUi.js';
import type { Prompt, SessionPanel } from '../../../agent/ui/types.js';
import { Win32Host } from '../../../agent/ui/win32/host.js';
import { callHome } from './link.js';

/**
 * The agent's windowed UI (ScreenUi on the Win32 host), shown on the test's command; every
 * answer the user gives in a window comes back as an event. The test never answers for the user:
 * it only clicks and types on the X display, as a person would.
 */
export async function runUi(port: number): Promise<void> {
  let emit: (event: string, data?: unknown) => void = () => undefined;
  const host = await Win32Host.create((error) => emit('ui-error', error.stack ?? error.message));
  const ui = new ScreenUi(host, monotonicClock);
  const prompts = new Map<string, Prompt<unknown>>();
  let panel: SessionPanel | null = null;
  const ask = (name: string, prompt: Prompt<unknown>) => {
    prompts.set(name, prompt);
    void prompt.result.then((outcome) => emit(name, outcome));
  };
  const link = await callHome(port, 'ui', {
    info: () => ({ language: ui.language, fontFace: host.fontFace }),
    askCode: ({ problem }) => void ui.askCode(problem).then((code) => emit('code', { code })),
    showConsent: ({ request, answerWithinMs }) => ask('consent', ui.showConsent(request, monotonicClock.now() + answerWithinMs)),
    showExtension: ({ request, answerWithinMs }) => ask('extension', ui.showExtension(request, monotonicClock.now() + answerWithinMs)),
    withdraw: ({ name, reason }: { name: string; reason: string }) => prompts.get(name)?.close(reason),
    showPanel: ({ remainingMs, control }) => {
      panel = ui.showPanel(
        { endsAt: monotonicClock.now() + remainingMs, control },
        { togglePause: () => emit('panel', { action: 'togglePause' }), stop: () => emit('panel', { action: 'stop' }), chat: (text) => emit('panel', { action: 'chat', text }) },
      );
    },
    panelUpdate: ({ control, remainingMs }) => panel?.update({ ...(control ? { control } : {}), ...(remainingMs !== undefined ? { endsAt: monotonicClock.now() + remainingMs } : {}) }),
    panelChat: ({ line }) => panel?.chat(line),
    panelNotice: ({ notice }) => panel?.notice(notice),
    panelClose: () => panel?.close(),
    showEnded: ({ reason, detail }) => void ui.showEnded(reason, detail).then(() => emit('ended-closed')),
    close: () => ui.close(),
  });
  emit = link.emit;
}
