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
  children: ReactNode;
}

/** A list's table in its panel, with a caption for screen readers and an optional actions column. */
export function DataTable({ caption, head, actionsLabel, busy, footer, children }: DataTableProps) {
  return (
    <div className="panel table-wrap">
      <table className="table" aria-busy={busy}>
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
      {footer}
    </div>
  );
}
