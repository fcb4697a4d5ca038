import { describe, expect, it } from 'vitest';
import { fileKind, problemsOf } from './file-problems.js';

describe('a refused settlement file', () => {
  it("lists the engine's problems by line, dropping what is not a problem", () => {
    const details = {
      problems: [
        { line: 4, column: 'settled_at', message: 'must be an ISO 8601 timestamp' },
        { line: 3, column: 'amount', message: 'must be a positive integer' },
        { line: 1, column: null, message: 'missing column record_id' },
        { line: 'x', message: 'not a problem' },
        null,
      ],
    };
    expect(problemsOf(details)).toEqual([
      { line: 1, column: null, message: 'missing column record_id' },
      { line: 3, column: 'amount', message: 'must be a positive integer' },
      { line: 4, column: 'settled_at', message: 'must be an ISO 8601 timestamp' },
    ]);
    expect(problemsOf(undefined)).toEqual([]);
    expect(problemsOf({ problems: 'many' })).toEqual([]);
  });

  it('names rows as the engine does: lines of a CSV, records of the sandbox JSON', () => {
    expect(fileKind('record_id,type\nA,capture')).toBe('csv');
    expect(fileKind('\n  {"format": "kartu.sandbox-settlement.v1"}')).toBe('sandbox');
  });
});
