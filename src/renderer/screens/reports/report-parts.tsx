import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../i18n/i18n.js';
import { numberLocale } from '../../format/money.js';
import { SkeletonRows } from '../../ui/states.js';

/** The filters every section sends (dates are local days of the program, inclusive). */
export type ReportFilterInput = {
  from: string;
  to: string;
  program?: string;
  branch?: string;
  card?: string;
  tier?: string;
};

/** Basis points as a percentage with one decimal (8125 → 81,3%). */
export function percent(bps: number, lang: Lang): string {
  return new Intl.NumberFormat(numberLocale(lang), { maximumFractionDigits: 1 }).format(bps / 100);
}

export function Stat({ label, value, sub, testId }: { label: string; value: string | null; sub?: string | undefined; testId?: string }) {
  return (
    <div className="panel stat-card">
      <span className="stat-card__label">{label}</span>
      <span className="stat-card__value" data-testid={testId}>
        {value ?? <span className="skeleton-row skeleton-row--value" aria-hidden="true" />}
      </span>
      {sub ? <span className="stat-card__sub">{sub}</span> : null}
    </div>
  );
}

/** A section of the report with its heading (the headings are the page's outline). */
export function ReportSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="stack" aria-labelledby={id} data-testid={id}>
      {/* The tab above already shows the name: the heading is there for the page's outline. */}
      <h2 id={id} className="visually-hidden">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A panel with a title and, on the right, its controls (period, metric, exports). */
export function Panel({ title, actions, children, testId }: { title: string; actions?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className="panel" data-testid={testId}>
      <div className="panel__header">
        <h3>{title}</h3>
        {actions ? <div className="report-actions">{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}

/** The engine's notes on figures that ignore a filter or are not available (in English, as it writes them). */
export function Notes({ notes }: { notes: readonly string[] | undefined }) {
  const { t } = useTranslation();
  if (!notes || notes.length === 0) return null;
  return (
    <details className="muted">
      <summary>{t('reports.notes')}</summary>
      <ul>
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </details>
  );
}

export interface Column<R> {
  key: string;
  label: string;
  numeric?: boolean;
  cell(row: R): ReactNode;
}

/** A plain table of a report's rows (they are short: one per category, merchant, reason…). */
export function ReportTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  actions,
  loading,
  testId,
}: {
  caption: string;
  columns: ReadonlyArray<Column<R>>;
  rows: readonly R[];
  rowKey(row: R): string;
  empty: string;
  /** Shown in the header, e.g. the export buttons. */
  actions?: ReactNode;
  /** The figures are on their way: placeholder rows instead of the empty text. */
  loading?: boolean;
  testId?: string;
}) {
  return (
    <div className="panel" data-testid={testId}>
      <div className="panel__header">
        <h3>{caption}</h3>
        {actions ? <div className="report-actions">{actions}</div> : null}
      </div>
      {loading ? (
        <table className="table" aria-busy="true">
          <caption className="visually-hidden">{caption}</caption>
          <tbody>
            <SkeletonRows columns={columns.length} rows={3} />
          </tbody>
        </table>
      ) : rows.length === 0 ? (
        <p className="panel__body muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <td key={c.key} className={c.numeric ? 'num' : undefined}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
