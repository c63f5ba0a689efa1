import { Chart } from 'chart.js/auto';
import { useEffect, useRef, useState } from 'preact/hooks';
import { EndReason } from '../../../../shared/protocol/session.js';
import { CaseOutcome } from '../../../../shared/schemas/cases.js';
import { REPORT_CAUSES } from '../../../../shared/schemas/reports.js';
import type { MonthlyStatistics, ScopeStatistics } from '../../../../shared/schemas/statistics.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Field, Loading, outcomeLabel } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';

/** A long label as lines of about `width` characters, broken between words: the chart draws it whole. */
function wrapped(label: string, width = 22): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + word.length < width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A bar chart (Chart.js on a canvas: no inline script or style involved); words instead when there is nothing to draw. */
function Bars({ label, labels, values }: { label: string; labels: string[]; values: number[] }) {
  const { t } = useI18n();
  const empty = values.every((v) => v === 0);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (empty || !canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: labels.map((l) => wrapped(l)), datasets: [{ label, data: values, backgroundColor: '#2b6cb0' }] },
      // Every label is drawn (none skipped), in a box as tall as they need.
      options: {
        animation: false, indexAxis: 'y', maintainAspectRatio: false, plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
      },
    });
    return () => chart.destroy();
  }, [empty, label, labels.join('|'), values.join('|')]);
  if (empty) return <p class="no-data">{t.stats.noData}</p>;
  return (
    // A style set through the DOM (not markup), which the Content-Security-Policy allows.
    <div class="chart-box" style={{ height: `${labels.length * 36 + 40}px` }}>
      <canvas ref={canvas} role="img" aria-label={`${label}: ${labels.map((l, i) => `${l} ${values[i]}`).join(', ')}`} />
    </div>
  );
}

function Scope({ title, s }: { title: string; s: ScopeStatistics }) {
  const { t, lang } = useI18n();
  const m = (v: number | null) => (v === null ? '—' : t.sla.minutes(Math.round(v)));
  return (
    <section class="stats-scope" aria-label={title}>
      <h2>{title}</h2>
      <dl class="figures">
        <div><dt>{t.stats.received}</dt><dd>{s.casesReceived}</dd></div>
        <div><dt>{t.stats.closed}</dt><dd>{s.casesClosed}</dd></div>
        <div><dt>{t.stats.firstContact} · {t.stats.average}</dt><dd>{m(s.firstContact.averageMinutes)}</dd></div>
        <div><dt>{t.stats.firstContact} · {t.stats.p90}</dt><dd>{m(s.firstContact.p90Minutes)}</dd></div>
        <div><dt>{t.stats.within24h}</dt><dd>{s.firstContact.within24hShare === null ? '—' : `${Math.round(s.firstContact.within24hShare * 100)} %`}</dd></div>
        <div><dt>{t.stats.target}</dt><dd>{s.firstContact.averageWithinTarget === null ? '—' : s.firstContact.averageWithinTarget ? t.app.yes : t.app.no}</dd></div>
        <div><dt>{t.stats.sessionsOpened}</dt><dd>{s.sessions.opened}</dd></div>
        <div><dt>{t.stats.sessions}</dt><dd>{s.sessions.started}</dd></div>
        <div><dt>{t.stats.sessionsEnded}</dt><dd>{s.sessions.ended}</dd></div>
        <div><dt>{t.stats.duration}</dt><dd>{m(s.sessions.durationAverageMinutes)}</dd></div>
        <div><dt>{t.stats.extensions}</dt><dd>{`${s.extensions.accepted} / ${s.extensions.requested}`}</dd></div>
        <div><dt>{t.stats.declines}</dt><dd>{s.declines}</dd></div>
        <div><dt>{t.stats.unsupported}</dt><dd>{s.unsupportedDevices}</dd></div>
      </dl>
      <div class="charts">
        <figure>
          <figcaption>{t.stats.byOutcome}</figcaption>
          <Bars label={t.stats.byOutcome} labels={CaseOutcome.options.map((o) => outcomeLabel(o, lang))} values={CaseOutcome.options.map((o) => s.byOutcome[o])} />
        </figure>
        <figure>
          <figcaption>{t.stats.byCause}</figcaption>
          <Bars label={t.stats.byCause} labels={REPORT_CAUSES.map((c) => c[lang])} values={REPORT_CAUSES.map((c) => s.byCause[c.id])} />
        </figure>
        <figure>
          <figcaption>{t.stats.byEndReason}</figcaption>
          <Bars label={t.stats.byEndReason} labels={EndReason.options.map((r) => t.terms.sessionEnd[r] ?? r)} values={EndReason.options.map((r) => s.sessions.byEndReason[r])} />
        </figure>
      </div>
    </section>
  );
}

/** §2's monthly statistics with charts and a CSV download; it opens on the current month (the HelpDesk's). */
export function Statistics() {
  const { api } = useAuth();
  const { t, fmt } = useI18n();
  const [month, setMonth] = useState(() => fmt.month(Date.now()));
  const { value, error, loading } = useAsync(() => api.get<MonthlyStatistics>(`/api/statistics/monthly?month=${month}`), [month]);
  return (
    <section>
      <h1>{t.stats.title}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label={t.stats.month}>{(a) => <input {...a} type="month" value={month} onChange={(e) => setMonth((e.target as HTMLInputElement).value)} />}</Field>
        <button type="button" onClick={() => void api.download(`/api/statistics/monthly?month=${month}&format=csv`, `statistics-${month}.csv`)}>
          {t.stats.csv}
        </button>
      </form>
      <ErrorBanner error={error} />
      {loading && !value && <Loading />}
      {value && (
        <>
          {value.companies.length !== 1 && <Scope title={t.stats.overall} s={value.overall} />}
          {value.companies.map((c) => (
            <Scope key={c.companyId} title={c.companyName} s={c.statistics} />
          ))}
        </>
      )}
    </section>
  );
}
