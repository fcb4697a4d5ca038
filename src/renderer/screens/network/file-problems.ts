/**
 * A refused settlement file: the engine's `settlement_file_invalid` error carries every problem in
 * `details.problems` ({line, column, message}); a CSV's problems are named by line (the header is
 * line 1), the sandbox JSON's by record number. The screen lists them so a person can fix the rows.
 */
export interface FileProblem {
  line: number;
  column: string | null;
  message: string;
}

/** As many as a person reads; the rest are counted ("and 40 more"). */
export const PROBLEMS_SHOWN = 50;

/** The engine's rule (a file starting with `{` is the sandbox network's JSON), to name rows rightly. */
export function fileKind(content: string): 'csv' | 'sandbox' {
  return content.trimStart().startsWith('{') ? 'sandbox' : 'csv';
}

export function problemsOf(details: unknown): FileProblem[] {
  if (!details || typeof details !== 'object' || !('problems' in details) || !Array.isArray(details.problems)) return [];
  const problems: FileProblem[] = [];
  for (const raw of details.problems as unknown[]) {
    if (!raw || typeof raw !== 'object') continue;
    const p = raw as Record<string, unknown>;
    if (typeof p.line !== 'number' || typeof p.message !== 'string') continue;
    problems.push({ line: p.line, column: typeof p.column === 'string' ? p.column : null, message: p.message });
  }
  return problems.sort((a, b) => a.line - b.line);
}

/** 20 million characters: the engine's limit for one file (about 100,000 rows). */
export const MAX_FILE_BYTES = 20_000_000;
