import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientError } from '../../client/kartu-client.js';
import { isStale, networkErrorText } from './network-errors.js';

/** The mutation behind the dialog (useMutation of the panel's resolve command). */
interface Resolving {
  pending: boolean;
  error: ClientError | null;
  reset(): void;
}

export interface ResolveFlow<T, R extends string> {
  /** The row being resolved, while the dialog is open. */
  target: T | null;
  /** What the last resolution did, for the panel's success notice. */
  done: string | null;
  /** Opens the dialog about a row, forgetting the last result and error. */
  start(target: T): void;
  /** Spread into <ResolveDialog>. */
  dialog: { open: boolean; pending: boolean; error: ClientError | null; errorText: string | undefined; onSubmit(resolution: R, note: string | undefined): void; onClose(): void };
}

/**
 * The wiring every resolve dialog of the network screen shares: open it about a row, send the
 * chosen resolution, refresh the list whatever the answer (someone may have acted first), say
 * what was done, and on closing after a "someone else resolved it" refusal refresh the list again.
 */
export function useResolve<T, R extends string>(
  mutation: Resolving,
  send: (target: T, resolution: R, note: string | undefined) => Promise<unknown>,
  reload: () => void,
  said: (target: T, resolution: R) => string,
): ResolveFlow<T, R> {
  const { t } = useTranslation();
  const [target, setTarget] = useState<T | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return {
    target,
    done,
    start: (next) => {
      mutation.reset();
      setDone(null);
      setTarget(() => next);
    },
    dialog: {
      open: target !== null,
      pending: mutation.pending,
      error: mutation.error,
      errorText: networkErrorText(t, mutation.error),
      onSubmit: (resolution, note) => {
        if (target === null) return;
        void send(target, resolution, note).then((result) => {
          reload();
          if (result) {
            setDone(said(target, resolution));
            setTarget(null);
          }
        });
      },
      onClose: () => {
        setTarget(null);
        if (isStale(mutation.error)) reload();
      },
    },
  };
}
