import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../client/client-context.js';
import { toClientError, type ClientError, type CommandName, type Input, type Output } from '../client/kartu-client.js';
import { useApp } from '../state/app-store.js';
import { useEventTrigger } from './use-event-trigger.js';

export interface QueryState<T> {
  data: T | undefined;
  error: ClientError | null;
  loading: boolean;
  reload(): void;
}

/**
 * Runs a query command and keeps its result; reruns when the input, the mode or a matching event
 * changes. An answer that arrives after a newer request started is dropped.
 */
export function useQuery<K extends CommandName>(name: K, input: Input<K> | null, reloadOn: readonly string[] = [], refreshToken = 0): QueryState<Output<K>> {
  const client = useClient();
  const mode = useApp((s) => s.mode);
  const trigger = useEventTrigger(reloadOn);
  const [state, setState] = useState<{ data: Output<K> | undefined; error: ClientError | null; loading: boolean }>({ data: undefined, error: null, loading: input !== null });
  const [nonce, setNonce] = useState(0);
  const key = JSON.stringify(input);
  const latest = useRef(0);

  useEffect(() => {
    if (input === null) return;
    const request = ++latest.current;
    // A refresh keeps what is on screen while the new answer comes (no flicker on live updates).
    setState((s) => ({ ...s, loading: true, error: null }));
    client.call(name, input).then(
      (data) => {
        if (request === latest.current) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (request === latest.current) setState({ data: undefined, error: toClientError(error), loading: false });
      },
    );
    // `key` stands for `input`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, name, key, mode, trigger, nonce, refreshToken]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}

export interface MutationState<K extends CommandName> {
  run(input: Input<K>): Promise<Output<K> | undefined>;
  pending: boolean;
  error: ClientError | null;
  reset(): void;
}

/** Runs a command on demand; the error (with its `param`) stays until the next run or reset. */
export function useMutation<K extends CommandName>(name: K): MutationState<K> {
  const client = useClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const run = useCallback(
    async (input: Input<K>) => {
      setPending(true);
      setError(null);
      try {
        return await client.call(name, input);
      } catch (caught) {
        setError(toClientError(caught));
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [client, name],
  );
  return { run, pending, error, reset: useCallback(() => setError(null), []) };
}
