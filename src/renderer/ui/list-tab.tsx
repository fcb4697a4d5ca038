import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientError } from '../client/kartu-client.js';
import type { QueryState } from '../hooks/use-command.js';
import type { PagedList } from '../hooks/use-paged-list.js';
import { DataTable } from './data-table.js';
import type { IconName } from './icons.js';
import { Modal } from './modal.js';
import { NewButton } from './new-button.js';
import { EmptyState, ErrorNotice, Loading, SkeletonRows, SuccessNotice } from './states.js';

/** What a list tab shows of its data, whichever hook fetched it (see pagedState, queryState). */
export interface ListTabState {
  count: number;
  /** A request is in flight: the empty state waits for its answer. */
  loading: boolean;
  error: ClientError | null;
  reload(): void;
  /** Paged lists keep their table while loading (skeleton rows in it) and offer "load more". */
  paged?: { hasMore: boolean; loadingMore: boolean; loadMore(): void };
  /** Plain queries show a spinner until their first answer. */
  waiting?: boolean;
}

export function pagedState(list: PagedList<unknown>): ListTabState {
  const { loading, error, reload, hasMore, loadingMore, loadMore } = list;
  return { count: list.items.length, loading, error, reload, paged: { hasMore, loadingMore, loadMore } };
}

export function queryState(query: QueryState<{ data: unknown[] }>): ListTabState {
  return { count: query.data?.data.length ?? 0, loading: query.loading, error: query.error, reload: query.reload, waiting: query.loading && !query.data };
}

export interface ListTabCreate {
  /** The "new" button's label. */
  label: string;
  /** The form dialog's title. */
  title: string;
  /** The success message once `name` was created. */
  created(name: string): string;
  /** The form; it calls onDone with the new row's name, or onCancel. */
  form(props: { onDone(name: string): void; onCancel(): void }): ReactNode;
}

interface ListTabProps {
  state: ListTabState;
  /** Text left of the "new" button (the tab's explanation); without it the button stands alone. */
  intro?: ReactNode;
  /** Absent when the signed-in role may not add rows. */
  create?: ListTabCreate | undefined;
  /** The error of a row action (archive, pause...). */
  actionError?: ClientError | null;
  empty: { icon: IconName; title: string };
  /** The table's (visually hidden) caption. */
  caption: string;
  /** The header cells. */
  head: ReactNode;
  /** The hidden heading of a last column of row buttons, when the role has some. */
  actionsLabel?: string | undefined;
  /** Column count, for the skeleton rows of a paged list. */
  columns: number;
  /** The rows. */
  children: ReactNode;
}

/**
 * The body of a tab that lists rows and adds them with a form in a dialog (earning rules, tiers,
 * branches, campaigns, the rewards catalogue): the "new" button, the success and error notices,
 * the loading, empty and error states, the table, and the form's dialog.
 */
export function ListTab({ state, intro, create, actionError, empty, caption, head, actionsLabel, columns, children }: ListTabProps) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { paged } = state;
  const newButton = create ? <NewButton label={create.label} onClick={() => setCreating(true)} /> : null;
  const showTable = paged ? state.loading || state.count > 0 : state.count > 0;
  return (
    <div className="stack">
      {intro ? (
        <div className="toolbar toolbar--between">
          {intro}
          {newButton}
        </div>
      ) : (
        <div className="row-actions">{newButton}</div>
      )}
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
      {actionError ? <ErrorNotice error={actionError} /> : null}
      {state.error ? <ErrorNotice error={state.error} onRetry={state.reload} /> : null}
      {state.waiting ? <Loading /> : null}
      {!state.loading && !state.error && state.count === 0 ? (
        <div className="panel">
          <EmptyState icon={empty.icon} title={empty.title} action={newButton ?? undefined} />
        </div>
      ) : null}
      {showTable ? (
        <DataTable
          caption={caption}
          head={head}
          actionsLabel={actionsLabel}
          busy={paged ? state.loading : undefined}
          footer={
            paged?.hasMore ? (
              <div className="table-footer">
                <button type="button" className="btn" onClick={paged.loadMore} disabled={paged.loadingMore}>
                  {paged.loadingMore ? t('common.loading') : t('common.loadMore')}
                </button>
              </div>
            ) : null
          }
        >
          {paged && state.loading ? <SkeletonRows columns={columns} /> : children}
        </DataTable>
      ) : null}
      {create ? (
        <Modal open={creating} title={create.title} onClose={() => setCreating(false)}>
          {create.form({
            onCancel: () => setCreating(false),
            onDone: (name) => {
              setCreating(false);
              setDone(create.created(name));
              state.reload();
            },
          })}
        </Modal>
      ) : null}
    </div>
  );
}
