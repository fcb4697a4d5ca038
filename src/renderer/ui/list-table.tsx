import type { ReactNode } from 'react';
import type { ClientError } from '../client/kartu-client.js';
import type { QueryState } from '../hooks/use-command.js';
import type { PagedList } from '../hooks/use-paged-list.js';
import { DataTable } from './data-table.js';
import { LoadMoreFooter, type Paging } from './load-more-footer.js';
import { ErrorNotice, Loading, SkeletonRows } from './states.js';

/** What a list shows of its data, whichever hook fetched it (see pagedState, queryState). */
export interface ListTabState {
  count: number;
  /** A request is in flight: the empty state waits for its answer. */
  loading: boolean;
  error: ClientError | null;
  reload(): void;
  /** Paged lists keep their table while loading (skeleton rows in it) and offer "load more". */
  paged?: Paging;
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

interface ListTableProps {
  state: ListTabState;
  /** Shown once the list answered with no rows (and no error). */
  empty: ReactNode;
  /** The table's (visually hidden) caption. */
  caption: string;
  /** The header cells. */
  head: ReactNode;
  /** The hidden heading of a last column of row buttons, when there is one. */
  actionsLabel?: string | undefined;
  /** Column count (with the actions column), for the skeleton rows of a paged list. */
  columns: number;
  /** The table sits in a panel of its own (a tab's body), or in the panel around it (a section with a header). */
  inPanel?: boolean;
  testId?: string | undefined;
  /** The rows. */
  children: ReactNode;
}

/**
 * A list's states in one place: the error with "try again", the spinner or skeleton rows while
 * loading, the empty state, the table, and "load more" under it.
 */
export function ListTable({ state, empty, caption, head, actionsLabel, columns, inPanel, testId, children }: ListTableProps) {
  const { paged } = state;
  const showTable = paged ? state.loading || state.count > 0 : state.count > 0;
  return (
    <>
      {state.error ? <ErrorNotice error={state.error} onRetry={state.reload} /> : null}
      {state.waiting ? <Loading /> : null}
      {!state.loading && !state.error && state.count === 0 ? empty : null}
      {showTable ? (
        <DataTable caption={caption} head={head} actionsLabel={actionsLabel} busy={paged ? state.loading : undefined} inPanel={inPanel} testId={testId} footer={<LoadMoreFooter paging={paged} />}>
          {paged && state.loading ? <SkeletonRows columns={columns} /> : children}
        </DataTable>
      ) : null}
    </>
  );
}
