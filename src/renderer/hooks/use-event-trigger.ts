import { useRef } from 'react';
import { useApp } from '../state/app-store.js';

/**
 * A counter that moves only when an engine event of one of these kinds ('card', 'program' ...)
 * arrives for the current mode: lists put it in their effect's dependencies to refresh live.
 */
export function useEventTrigger(kinds: readonly string[]): number {
  const seq = useApp((s) => s.eventSeq);
  const type = useApp((s) => s.lastEventType);
  const trigger = useRef(0);
  const seen = useRef(seq);
  if (seq !== seen.current) {
    seen.current = seq;
    if (type && kinds.some((kind) => type.startsWith(`${kind}.`))) trigger.current += 1;
  }
  return trigger.current;
}
