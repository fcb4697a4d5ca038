import { useEffect, useRef, useState } from 'react';
import { useEventTrigger } from './use-event-trigger.js';

/**
 * Like useEventTrigger, but moves at most once per `intervalMs`: a busy till sends many
 * authorizations a second, and figures re-read once every few seconds are live enough.
 */
export function useThrottledTrigger(kinds: readonly string[], intervalMs = 3_000): number {
  const raw = useEventTrigger(kinds);
  const [value, setValue] = useState(raw);
  const last = useRef(0);
  useEffect(() => {
    if (raw === value) return;
    const wait = Math.max(0, last.current + intervalMs - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      setValue(raw);
    }, wait);
    return () => clearTimeout(timer);
  }, [raw, value, intervalMs]);
  return value;
}
