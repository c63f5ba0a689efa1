import { useState } from 'preact/hooks';
import type { DiagnosticResult } from '../../../../shared/protocol/diagnosticResults.js';
import { DIAGNOSTIC_CHECKS, type DiagnosticCheckId } from '../../../../shared/protocol/diagnostics.js';
import { DiagnosticTable } from '../../components/diagnostics.js';
import { Dialog, ErrorBanner, Field } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import type { Activity, ChatLine } from '../../live/useLiveSession.js';

export function DiagnosticsPanel({ enabled, running, results, onRun }: { enabled: boolean; running: boolean; results: DiagnosticResult[]; onRun: (checks: DiagnosticCheckId[]) => void }) {
  const { t, lang } = useI18n();
  const [checks, setChecks] = useState<DiagnosticCheckId[]>(DIAGNOSTIC_CHECKS.map((c) => c.id));
  return (
    <section aria-labelledby="diag">
      <h2 id="diag">{t.live.diagnostics}</h2>
      <fieldset class="check-list">
        {DIAGNOSTIC_CHECKS.map((c) => (
          <label key={c.id}>
            <input type="checkbox" checked={checks.includes(c.id)} onChange={(e) => setChecks((list) => ((e.target as HTMLInputElement).checked ? [...list, c.id] : list.filter((x) => x !== c.id)))} /> {c[lang]}
          </label>
        ))}
      </fieldset>
      <button type="button" onClick={() => onRun(checks)} disabled={!enabled || running || checks.length === 0}>
        {running ? t.live.running : t.live.runChecks}
      </button>
      <div class="results">{results.map((r) => <DiagnosticTable key={r.check} {...r} />)}</div>
    </section>
  );
}

/** What an action adds to its name: the chat text, the check and its result, who paused, which monitor. */
function useActionDetail(): (action: Activity['action']) => string {
  const { t, lang } = useI18n();
  return (action) => {
    switch (action.kind) {
      case 'chat':
        return action.text;
      case 'diagnostic_run':
        return `${DIAGNOSTIC_CHECKS.find((c) => c.id === action.check)?.[lang] ?? action.check} — ${t.terms.diagnosticStatus[action.status] ?? action.status}`;
      case 'control_paused':
      case 'control_resumed':
      case 'control_stopped':
        return t.terms.parties[action.by] ?? action.by;
      case 'control_unavailable':
        return action.reason;
      case 'monitor_switched':
        return action.displayId;
      case 'file_transfer':
        return `${action.name} (${t.terms.directions[action.direction] ?? action.direction})`;
      default:
        return '';
    }
  };
}

/** What either side reported in the session, in words; the agent's strings are shown as text. */
export function ActivityPanel({ activity }: { activity: Activity[] }) {
  const { t } = useI18n();
  const detail = useActionDetail();
  return (
    <section aria-labelledby="activity">
      <h2 id="activity">{t.live.activity}</h2>
      <ol class="activity" data-testid="activity">
        {activity.map((a, i) => (
          <li key={i}>
            {a.actor === 'agent' ? t.live.user : t.live.you} · {t.terms.actionKinds[a.action.kind] ?? a.action.kind}
            {detail(a.action) ? `: ${detail(a.action)}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ChatPanel({ chat, enabled, onSend }: { chat: ChatLine[]; enabled: boolean; onSend: (text: string) => void }) {
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  const send = (e: Event) => {
    e.preventDefault();
    if (!message.trim()) return;
    onSend(message);
    setMessage('');
  };
  return (
    <section aria-labelledby="chat">
      <h2 id="chat">{t.live.chat}</h2>
      <ol class="chat" aria-live="polite">
        {chat.map((line, i) => (
          <li key={i} class={line.from}>
            <strong>{line.from === 'you' ? t.live.you : t.live.user}:</strong> {line.text}
          </li>
        ))}
      </ol>
      <form onSubmit={send} class="inline">
        <Field label={t.live.chatPlaceholder}>{(a) => <input {...a} value={message} onInput={(e) => setMessage((e.target as HTMLInputElement).value)} />}</Field>
        <button type="submit" disabled={!enabled}>
          {t.live.send}
        </button>
      </form>
    </section>
  );
}

/** Minutes and a reason; the user answers at the agent. */
export function ExtensionDialog({ open, error, onClose, onAsk }: { open: boolean; error: unknown; onClose: () => void; onAsk: (minutes: number, reason: string) => void }) {
  const { t } = useI18n();
  const [minutes, setMinutes] = useState('30');
  const [reason, setReason] = useState('');
  return (
    <Dialog open={open} title={t.live.extend} onClose={onClose}>
      <form onSubmit={(e) => (e.preventDefault(), onAsk(Number(minutes), reason))}>
        <Field label={t.live.extendMinutes}>{(a) => <input {...a} type="number" min={1} max={300} required value={minutes} onInput={(e) => setMinutes((e.target as HTMLInputElement).value)} />}</Field>
        <Field label={t.live.extendReason}>{(a) => <input {...a} required minLength={3} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />}</Field>
        <ErrorBanner error={error} />
        <div class="actions">
          <button type="button" onClick={onClose}>
            {t.app.cancel}
          </button>
          <button type="submit" class="primary">
            {t.live.extendSend}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function EndDialog({ open, onClose, onEnd }: { open: boolean; onClose: () => void; onEnd: () => void }) {
  const { t } = useI18n();
  return (
    <Dialog open={open} title={t.live.end} onClose={onClose}>
      <p>{t.live.endConfirm}</p>
      <div class="actions">
        <button type="button" onClick={onClose}>
          {t.app.cancel}
        </button>
        <button type="button" class="danger" onClick={onEnd}>
          {t.live.end}
        </button>
      </div>
    </Dialog>
  );
}
