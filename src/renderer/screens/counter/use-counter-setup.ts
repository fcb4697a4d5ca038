import { useEffect, useMemo, useState } from 'react';
import type { Location } from '../../../core/programs/location-handlers.js';
import type { Program } from '../../../core/programs/program.js';
import { useQuery } from '../../hooks/use-command.js';

const PROGRAM_KEY = 'kartu.counter.program';
const BRANCH_KEY = 'kartu.counter.branch';
/** Kinds a customer carries to the counter: member and stored-value cards. */
const COUNTER_KINDS = new Set(['loyalty', 'prepaid', 'co_branded']);

function stored(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private windows: the choice lasts for this visit.
  }
}

export interface CounterSetup {
  loading: boolean;
  error: ReturnType<typeof useQuery>['error'];
  programs: Program[];
  branches: Location[];
  program: Program | undefined;
  branch: Location | undefined;
  setProgram(id: string): void;
  setBranch(id: string): void;
  reload(): void;
}

/** The program and branch this counter works for: chosen once, remembered on this computer. */
export function useCounterSetup(): CounterSetup {
  const programsQuery = useQuery('program-list', { limit: 100 }, ['program']);
  const branchesQuery = useQuery('location-list', {}, ['location']);
  const [programId, setProgramId] = useState(() => stored(PROGRAM_KEY));
  const [branchId, setBranchId] = useState(() => stored(BRANCH_KEY));
  const programs = useMemo(() => (programsQuery.data?.data ?? []).filter((p) => p.status === 'active' && COUNTER_KINDS.has(p.kind)), [programsQuery.data]);
  const branches = branchesQuery.data?.data ?? [];
  const program = programs.find((p) => p.id === programId) ?? programs.find((p) => p.kind === 'loyalty') ?? programs[0];
  const branch = branches.find((b) => b.id === branchId) ?? branches[0];

  useEffect(() => {
    if (program && program.id !== programId) setProgramId(program.id);
  }, [program, programId]);

  return {
    loading: (programsQuery.loading && !programsQuery.data) || (branchesQuery.loading && !branchesQuery.data),
    error: programsQuery.error ?? branchesQuery.error,
    programs,
    branches,
    program,
    branch,
    setProgram(id) {
      store(PROGRAM_KEY, id);
      setProgramId(id);
    },
    setBranch(id) {
      store(BRANCH_KEY, id);
      setBranchId(id);
    },
    reload() {
      programsQuery.reload();
      branchesQuery.reload();
    },
  };
}
