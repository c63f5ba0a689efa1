import { useState } from 'preact/hooks';
import type { ImportResult } from '../../../../shared/schemas/intakeSheet.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Field, Head } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';

/** Bulk intake from the Excel form (§4.1): upload, and the result row by row. */
export function Upload() {
  const { api } = useAuth();
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await api.upload<ImportResult>('/api/cases/import', file));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1>{t.upload.title}</h1>
      <p>{t.upload.intro}</p>
      <p class="actions">
        <button type="button" onClick={() => void api.download('/api/cases/import/template.xlsx', 'second-level-request-template.xlsx')}>
          {t.upload.templateXlsx}
        </button>
        <button type="button" onClick={() => void api.download('/api/cases/import/template.csv', 'second-level-request-template.csv')}>
          {t.upload.templateCsv}
        </button>
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <Field label={t.upload.file}>{(a) => <input {...a} type="file" name="file" accept=".xlsx,.csv" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />}</Field>
        <button type="submit" class="primary" disabled={!file || busy}>
          {t.upload.submit}
        </button>
      </form>
      <ErrorBanner error={error} />
      {result && (
        <div class="upload-result" role="status">
          <p>
            <strong>{t.upload.result(result.imported.length, result.totalRows)}</strong>
          </p>
          <table>
            <Head columns={[t.upload.row, t.cases.status, t.upload.case, t.upload.problems]} />
            <tbody>
              {[...result.imported.map((r) => ({ row: r.row, ok: true as const, ref: r.ref, caseId: r.caseId })), ...result.rejected.map((r) => ({ row: r.row, ok: false as const, r }))]
                .sort((a, b) => a.row - b.row)
                .map((line) => (
                  <tr key={line.row} class={line.ok ? 'ok' : 'rejected'}>
                    <td>{line.row}</td>
                    <td>{line.ok ? t.upload.imported : t.upload.rejected}</td>
                    <td>{line.ok ? <a href={`/cases/${line.caseId}`}>{line.ref}</a> : '—'}</td>
                    <td>
                      {!line.ok && (
                        <ul>
                          {Object.entries(line.r.fields).map(([path, f]) => (
                            <li key={path}>
                              <strong>{f.column ?? path}</strong>: {t.issues[f.code] ?? f.message}
                            </li>
                          ))}
                          {Object.keys(line.r.fields).length === 0 && <li>{line.r.message}</li>}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
