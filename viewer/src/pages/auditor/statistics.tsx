import { Chart } from 'chart.js/auto';
import { useEffect, useRef, useState } from 'preact/hooks';
import { CaseOutcome } from '../../../../shared/schemas/cases.js';
import { REPORT_CAUSES } from '../../../../shared/schemas/reports.js';
import type { MonthlyStatistics, ScopeStatistics } from '../../../../shared/schemas/statistics.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Field, Loading, outcomeLabel } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';

const lastMonth = () => {
  const d = new Date(Date.now() + 9 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

/** A bar chart (Chart.js on a canvas: no inline script or style involved). */
function Bars({ label, labels, values }: { label: string; labels: string[]; values: number[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: [{ label, data: values, backgroundColor: '#2b6cb0' }] },
      options: { animation: false, indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    return () => chart.destroy();
  }, [label, labels.join('|'), values.join('|')]);
  return <canvas ref={canvas} role="img" aria-label={`${label}: ${labels.map((l, i) => `${l} ${values[i]}`).join(', ')}`} />;
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
        <div><dt>{t.stats.sessions}</dt><dd>{s.sessions.started}</dd></div>
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
      </div>
    </section>
  );
}

/** §2's monthly statistics with charts and a CSV download. */
export function Statistics() {
  const { api } = useAuth();
  const { t } = useI18n();
  const [month, setMonth] = useState(lastMonth);
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
