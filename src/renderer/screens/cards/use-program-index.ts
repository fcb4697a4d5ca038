import { useMemo } from 'react';
import type { Program } from '../../../core/programs/program.js';
import { useQuery } from '../../hooks/use-command.js';

/** Programs by id, to show a card's program name, brand and time zone next to it. */
export function useProgramIndex() {
  const programs = useQuery('program-list', { limit: 100 }, ['program']);
  const byId = useMemo(() => new Map<string, Program>((programs.data?.data ?? []).map((p) => [p.id, p])), [programs.data]);
  return { ...programs, byId, list: programs.data?.data ?? [] };
}
