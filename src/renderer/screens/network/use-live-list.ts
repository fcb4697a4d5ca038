import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../../client/client-context.js';
import { toClientError, type ClientError, type Input } from '../../client/kartu-client.js';
import type { ItemOf, ListCommand, PagedList } from '../../hooks/use-paged-list.js';
import { useEventTrigger } from '../../hooks/use-event-trigger.js';
import { useApp } from '../../state/app-store.js';

const PAGE_SIZE = 25;

/**
 * usePagedList with quiet refreshes: a change of filters or mode shows the loading state, while an
 * engine event, a `poll` tick or `reload()` (after an action) fetch the first page again and swap it
 * in without a flicker. A person who loaded more pages keeps them through ticks and events.
 */
export function useLiveList<K extends ListCommand>(name: K, filters: Omit<Input<K>, 'limit' | 'starting_after'>, reloadOn: readonly string[], poll = 0): PagedList<ItemOf<K>> {
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
  const pages = useRef(1);
  const key = JSON.stringify(filters);
  const loud = useRef('');
  const asked = useRef(0);

  const fetchPage = useCallback(
    (after: string | undefined) => {
      const input = { ...(JSON.parse(key) as object), limit: PAGE_SIZE, ...(after ? { starting_after: after } : {}) } as Input<K>;
      return client.call(name, input) as Promise<{ data: ItemOf<K>[]; has_more: boolean }>;
    },
    [client, name, key],
  );

  useEffect(() => {
    const loudKey = `${key}|${mode}`;
    const quiet = loud.current === loudKey;
    // A tick or an event leaves a longer list alone; a person's own reload (after an action) does not.
    const byPerson = asked.current !== nonce;
    asked.current = nonce;
    if (quiet && !byPerson && pages.current > 1) return;
    loud.current = loudKey;
    const request = ++latest.current;
    if (!quiet) {
      setLoading(true);
      setError(null);
    }
    fetchPage(undefined).then(
      (page) => {
        if (request !== latest.current) return;
        pages.current = 1;
        setItems(page.data);
        setHasMore(page.has_more);
        setError(null);
        setLoading(false);
      },
      (caught: unknown) => {
        if (request !== latest.current) return;
        if (!quiet) {
          setItems([]);
          setHasMore(false);
        }
        setError(toClientError(caught));
        setLoading(false);
      },
    );
  }, [fetchPage, key, mode, nonce, trigger, poll]);

  const loadMore = useCallback(() => {
    const last = items[items.length - 1] as { id?: string } | undefined;
    if (!last?.id || loadingMore) return;
    const request = latest.current;
    setLoadingMore(true);
    fetchPage(last.id).then(
      (page) => {
        if (request !== latest.current) return;
        pages.current += 1;
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
