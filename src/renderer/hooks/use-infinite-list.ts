import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../client/client-context.js';
import { toClientError, type ClientError, type Input } from '../client/kartu-client.js';
import { useApp } from '../state/app-store.js';
import { useEventTrigger } from './use-event-trigger.js';
import type { ItemOf, ListCommand } from './use-paged-list.js';

export interface InfiniteList<T> {
  items: T[];
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: ClientError | null;
  /** Newer items that arrived while the reader was scrolled down: shown on request. */
  waiting: number;
  loadMore(): void;
  showWaiting(): void;
  reload(): void;
}

const PAGE = 100;
const LIVE_DEBOUNCE_MS = 400;

/**
 * A long list read page by page as the reader scrolls (cursor: the last id), for virtualised
 * screens over very large tables. Engine events bring new items in: at once when the reader is at
 * the top (`atTop()`), otherwise counted and shown when asked, so rows never move under the eye.
 */
export function useInfiniteList<K extends ListCommand>(
  name: K,
  filters: Omit<Input<K>, 'limit' | 'starting_after' | 'ending_before'>,
  reloadOn: readonly string[],
  atTop: () => boolean,
): InfiniteList<ItemOf<K>> {
  const client = useClient();
  const mode = useApp((s) => s.mode);
  const trigger = useEventTrigger(reloadOn);
  const [items, setItems] = useState<ItemOf<K>[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const [waitingItems, setWaitingItems] = useState<ItemOf<K>[]>([]);
  const [nonce, setNonce] = useState(0);
  const generation = useRef(0);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const key = JSON.stringify(filters);

  const fetchPage = useCallback(
    (cursor: { starting_after?: string }) =>
      client.call(name, { ...(JSON.parse(key) as object), limit: PAGE, ...cursor } as Input<K>) as Promise<{ data: ItemOf<K>[]; has_more: boolean }>,
    [client, name, key],
  );

  useEffect(() => {
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    setWaitingItems([]);
    fetchPage({}).then(
      (page) => {
        if (gen !== generation.current) return;
        setItems(page.data);
        setHasMore(page.has_more);
        setLoading(false);
      },
      (caught: unknown) => {
        if (gen !== generation.current) return;
        setItems([]);
        setHasMore(false);
        setError(toClientError(caught));
        setLoading(false);
      },
    );
  }, [fetchPage, mode, nonce]);

  // Live: the newest page again, merged in front of what is on screen.
  const firstTrigger = useRef(trigger);
  useEffect(() => {
    if (trigger === firstTrigger.current) return;
    const gen = generation.current;
    const timer = setTimeout(() => {
      fetchPage({}).then(
        (page) => {
          if (gen !== generation.current) return;
          const newest = (itemsRef.current[0] as { id?: string } | undefined)?.id;
          const fresh = newest ? page.data.filter((item) => (item as { id: string }).id > newest) : page.data;
          if (fresh.length === 0) return;
          // More new items than a page: the gap cannot be bridged, start over.
          if (fresh.length === page.data.length && newest) {
            setNonce((n) => n + 1);
            return;
          }
          if (atTop()) setItems((current) => [...fresh, ...current]);
          else setWaitingItems((waiting) => [...fresh.filter((f) => !waiting.some((w) => (w as { id: string }).id === (f as { id: string }).id)), ...waiting]);
        },
        () => undefined,
      );
    }, LIVE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [trigger, fetchPage, atTop]);

  const loadMore = useCallback(() => {
    const last = itemsRef.current[itemsRef.current.length - 1] as { id?: string } | undefined;
    if (!last?.id || loadingMore || !hasMore) return;
    const gen = generation.current;
    setLoadingMore(true);
    fetchPage({ starting_after: last.id }).then(
      (page) => {
        if (gen !== generation.current) return;
        setItems((current) => [...current, ...page.data]);
        setHasMore(page.has_more);
        setLoadingMore(false);
      },
      (caught: unknown) => {
        if (gen !== generation.current) return;
        setError(toClientError(caught));
        setLoadingMore(false);
      },
    );
  }, [fetchPage, hasMore, loadingMore]);

  const showWaiting = useCallback(() => {
    setItems((current) => [...waitingItems, ...current]);
    setWaitingItems([]);
  }, [waitingItems]);

  return { items, hasMore, loading, loadingMore, error, waiting: waitingItems.length, loadMore, showWaiting, reload: useCallback(() => setNonce((n) => n + 1), []) };
}
