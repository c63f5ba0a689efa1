import { DIAGNOSTIC_CHECKS } from '../../../shared/protocol/diagnostics.js';
import type { DiagnosticItem } from '../../../shared/protocol/diagnosticResults.js';
import { useI18n } from '../i18n/index.js';

const MARK: Record<string, string> = { pass: '✓', warn: '!', fail: '✗', error: '?', info: '·' };

/** One check's result as a table of its items, each marked pass / warn / fail against the minimum. Text only: it all came from the user's PC. */
export function DiagnosticTable({ check, status, summary, items }: { check: string; status: string; summary: string; items: DiagnosticItem[] }) {
  const { t, lang } = useI18n();
  const statusLabel = (s: string) => t.terms.diagnosticStatus[s] ?? s;
  const name = DIAGNOSTIC_CHECKS.find((c) => c.id === check)?.[lang] ?? check;
  return (
    <div class={`diagnostic ${status}`} data-check={check}>
      <h4>
        <span class={`mark ${status}`} role="img" aria-label={statusLabel(status)}>
          {MARK[status] ?? status}
        </span>{' '}
        {name}
      </h4>
      <p class="summary">{summary}</p>
      {items.length > 0 && (
        <table>
          <tbody>
            {items.map((item, i) => (
              <tr key={i} class={item.status}>
                <td>
                  <span class={`mark ${item.status}`} role="img" aria-label={statusLabel(item.status)}>
                    {MARK[item.status]}
                  </span>
                </td>
                <th scope="row">{item.label}</th>
                <td>{item.value}</td>
                <td class="expected">{item.expected ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
