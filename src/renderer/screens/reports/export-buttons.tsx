import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input } from '../../client/kartu-client.js';
import { useMutation } from '../../hooks/use-command.js';
import { errorText } from '../../ui/error-text.js';
import { downloadFile } from './download.js';

export type ReportName = Input<'report-export'>['report'];

/**
 * CSV and XLSX of one report with the screen's filters (the engine's report-export: the CSV is
 * the named table, or the report's rows; the workbook has every table of the report, a sheet
 * each, with its totals and filters). `what` names the table for screen readers.
 */
export function ExportButtons({ report, params, table, what }: { report: ReportName; params: Record<string, unknown>; table?: string | undefined; what: string }) {
  const { t } = useTranslation();
  const exporter = useMutation('report-export');
  const [saved, setSaved] = useState<string | null>(null);

  const run = async (format: 'csv' | 'xlsx') => {
    setSaved(null);
    const file = await exporter.run({ report, params, format, ...(table && format === 'csv' ? { table } : {}) });
    if (!file) return;
    downloadFile(file);
    setSaved(file.filename);
  };

  return (
    <div className="report-export" role="group" aria-label={t('reports.export.group', { what })}>
      <span className="report-export__status" role="status">
        {exporter.pending ? t('reports.exporting') : saved ? <span title={saved}>{t('reports.export.saved')}</span> : null}
        {exporter.error ? <span className="tone-danger">{t('reports.export.failed', { message: errorText(t, exporter.error) })}</span> : null}
      </span>
      <button type="button" className="btn btn--small" disabled={exporter.pending} onClick={() => void run('csv')} aria-label={t('reports.export.csvOf', { what })}>
        CSV
      </button>
      <button type="button" className="btn btn--small" disabled={exporter.pending} onClick={() => void run('xlsx')} aria-label={t('reports.export.xlsxOf', { what })}>
        XLSX
      </button>
    </div>
  );
}
