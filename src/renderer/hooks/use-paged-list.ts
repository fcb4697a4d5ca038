import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../client/client-context.js';
import { toClientError, type ClientError, type CommandName, type Input, type Output } from '../client/kartu-client.js';
import { useApp } from '../state/app-store.js';
import { useEventTrigger } from './use-event-trigger.js';

/** Commands that answer {object: 'list', data, has_more}. */
export type ListCommand = {
  [K in CommandName]: Output<K> extends { object: 'list'; data: unknown[]; has_more: boolean } ? K : never;
}[CommandName];

export type ItemOf<K extends ListCommand> = Output<K> extends { data: Array<infer T> } ? T : never;

export interface PagedList<T> {
  items: T[];
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: ClientError | null;
  loadMore(): void;
  reload(): void;
}

const PAGE_SIZE = 25;

/**
 * A list screen's data: the first page, then "load more" with the last id as cursor. Starts over
 * when the filters, the mode, or a matching engine event change it.
 */
export function usePagedList<K extends ListCommand>(name: K, filters: Omit<Input<K>, 'limit' | 'starting_after'>, reloadOn: readonly string[] = []): PagedList<ItemOf<K>> {
  const client = useClient();
  const mode = useApp((s) => s.mode);
  const trigger = useEventTrigger(reloadOn);
  const [items, setItems] = useState<ItemOf<K>[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  const key = JSON.stringify(filters);
  const lastTrigger = useRef(trigger);

  const fetchPage = useCallback(
    (after: string | undefined) => {
      const input = { ...(JSON.parse(key) as object), limit: PAGE_SIZE, ...(after ? { starting_after: after } : {}) } as Input<K>;
      return client.call(name, input) as Promise<{ data: ItemOf<K>[]; has_more: boolean }>;
    },
    [client, name, key],
  );

  useEffect(() => {
    const request = ++latest.current;
    // An event-triggered refresh keeps the rows on screen; anything else shows the loading state.
    const byEvent = trigger !== lastTrigger.current;
    lastTrigger.current = trigger;
    if (!byEvent) setLoading(true);
    setError(null);
    fetchPage(undefined).then(
      (page) => {
        if (request !== latest.current) return;
        setItems(page.data);
        setHasMore(page.has_more);
        setLoading(false);
      },
      (caught: unknown) => {
        if (request !== latest.current) return;
        setItems([]);
        setHasMore(false);
        setError(toClientError(caught));
        setLoading(false);
      },
    );
  }, [fetchPage, mode, nonce, trigger]);

  const loadMore = useCallback(() => {
    const last = items[items.length - 1] as { id?: string } | undefined;
    if (!last?.id || loadingMore) return;
    const request = latest.current;
    setLoadingMore(true);
    fetchPage(last.id).then(
      (page) => {
        if (request !== latest.current) return;
        setItems((current) => [...current, ...page.data]);
        setHasMore(page.has_more);
        setLoadingMore(false);
      },
      (caught: unknown) => {
        if (request !== latest.current) return;
        setError(toClientError(caught));
        setLoadingMore(false);
      },
    );
  }, [items, loadingMore, fetchPage]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { items, hasMore, loading, loadingMore, error, loadMore, reload };
}
