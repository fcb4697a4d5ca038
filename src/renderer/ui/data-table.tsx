import type { ReactNode } from 'react';

interface DataTableProps {
  /** Read by screen readers only: what the table lists. */
  caption: string;
  /** The header cells. */
  head: ReactNode;
  /** The (visually hidden) heading of a last column of row buttons, when there is one. */
  actionsLabel?: string | undefined;
  /** True while rows are loading (aria-busy); leave out for tables that never show skeleton rows. */
  busy?: boolean | undefined;
  /** Under the table: "load more". */
  footer?: ReactNode;
  /** Inside a panel already (a section with its own header): no panel of its own, the footer under the scrolling table. */
  inPanel?: boolean | undefined;
  testId?: string | undefined;
  children: ReactNode;
}

/** A list's table in its panel, with a caption for screen readers and an optional actions column. */
export function DataTable({ caption, head, actionsLabel, busy, footer, inPanel, testId, children }: DataTableProps) {
  const table = (
    <table className="table" aria-busy={busy} data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {head}
          {actionsLabel ? (
            <th scope="col">
              <span className="visually-hidden">{actionsLabel}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  if (inPanel) {
    return (
      <>
        <div className="table-wrap">{table}</div>
        {footer}
      </>
    );
  }
  return (
    <div className="panel table-wrap">
      {table}
      {footer}
    </div>
  );
}
