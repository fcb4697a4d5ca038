import { useState } from 'react';

export interface ConfirmAction<T> {
  /** What the dialog asks about (the key to revoke, the endpoint to delete), or null when closed. */
  target: T | null;
  /** Opens the dialog about `target`. */
  ask(target: T): void;
  /** Spread into <ConfirmDialog>: open while there is a target; Cancel forgets it; Confirm acts on it. */
  dialog: { open: boolean; onCancel(): void; onConfirm(): void };
}

/**
 * The state behind an "are you sure?" dialog: which row it is about, closing it, and acting on
 * that row when confirmed. The dialog closes before the action runs (its result or error shows on
 * the screen), so a slow answer never leaves it open.
 */
export function useConfirmAction<T>(act: (target: T) => unknown): ConfirmAction<T> {
  const [target, setTarget] = useState<T | null>(null);
  return {
    target,
    ask: (next) => setTarget(() => next),
    dialog: {
      open: target !== null,
      onCancel: () => setTarget(null),
      onConfirm: () => {
        const current = target;
        setTarget(null);
        if (current !== null) void act(current);
      },
    },
  };
}
