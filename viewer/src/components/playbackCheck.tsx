import { byUrgency } from '../../../shared/playbackCheck/items.js';
import { itemMeanings, itemTitle, type PlaybackCheckView } from '../../../shared/playbackCheck/records.js';
import { useI18n } from '../i18n/index.js';

const MARK: Record<string, string> = { pass: '✓', warn: '!', fail: '✗', error: '?', info: '·' };

/**
 * One video-playback check as the engineer reads it: every row, failing ones first, with what
 * its findings usually mean (the shared texts, in the page's language). Everything in it came from
 * the user's browser, so all of it is text — never HTML.
 */
export function PlaybackCheckTable({ check }: { check: PlaybackCheckView }) {
  const { t, lang, fmt } = useI18n();
  const statusLabel = (s: string) => t.terms.diagnosticStatus[s] ?? s;
  const browser = check.result.items.find((i) => i.id === 'browser');
  return (
    <div class={`diagnostic playback-check ${check.result.status}`} data-testid="playback-check" data-check-id={check.id}>
      <h4>
        <span class={`mark ${check.result.status}`} role="img" aria-label={statusLabel(check.result.status)}>
          {MARK[check.result.status]}
        </span>{' '}
        {t.playbackCheck.heading(fmt.dateTime(check.at), statusLabel(check.result.status))}
      </h4>
      {browser && <p class="summary">{browser.summary}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">{t.playbackCheck.status}</span>
            </th>
            <th scope="col">{t.playbackCheck.item}</th>
            <th scope="col">{t.playbackCheck.measured}</th>
            <th scope="col">{t.playbackCheck.meaning}</th>
          </tr>
        </thead>
        <tbody>
          {byUrgency(check.result.items).map((item, i) => (
            <tr key={i} class={item.status} data-status={item.status}>
              <td>
                <span class={`mark ${item.status}`} role="img" aria-label={statusLabel(item.status)}>
                  {MARK[item.status]}
                </span>
              </td>
              <th scope="row">{itemTitle(item, lang)}</th>
              <td>{item.summary}</td>
              <td class="expected">{itemMeanings(item, lang).join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The checks of a case or session, newest first; the newest open, the older ones folded. */
export function PlaybackChecks({ checks }: { checks: PlaybackCheckView[] }) {
  const { t, fmt } = useI18n();
  if (checks.length === 0) return <p data-testid="no-playback-checks">{t.playbackCheck.none}</p>;
  const [newest, ...older] = checks;
  return (
    <div class="playback-checks">
      <PlaybackCheckTable check={newest!} />
      {older.map((c) => (
        <details key={c.id}>
          <summary>{t.playbackCheck.earlier(fmt.dateTime(c.at))}</summary>
          <PlaybackCheckTable check={c} />
        </details>
      ))}
    </div>
  );
}
