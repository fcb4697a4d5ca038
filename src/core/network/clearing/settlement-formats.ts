import { createHash } from 'node:crypto';
import { checkSettlementRows, parseSettlementFile, type SettlementProblem, type SettlementRecord } from './settlement-file.js';

/**
 * The two settlement files `settlement-import` reads (docs/settlement-file.md):
 *  - the sandbox network's JSON file: {format, file_id, network, settlement_date, records: [...]},
 *    each record with the CSV's columns as fields; its file id is the network's.
 *  - the documented CSV (settlement-file.ts); a CSV carries no id of its own, so the file id is the
 *    caller's `file_id` or, by default, the SHA-256 of the file's text: the same file imported
 *    twice is recognised either way.
 */
export const SANDBOX_SETTLEMENT_FORMAT = 'kartu.sandbox-settlement.v1';

export interface SandboxSettlementFile {
  format: typeof SANDBOX_SETTLEMENT_FORMAT;
  file_id: string;
  network: string;
  settlement_date: string | null;
  records: Array<Omit<SettlementRecord, 'line'>>;
}

export interface ReadSettlement {
  format: 'sandbox' | 'csv';
  fileId: string;
  network: string | null;
  settlementDate: string | null;
  records: SettlementRecord[];
  problems: SettlementProblem[];
}

export function contentFileId(content: string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

export function detectFormat(content: string): 'sandbox' | 'csv' {
  return content.trimStart().startsWith('{') ? 'sandbox' : 'csv';
}

export function readSettlementFile(content: string, options: { format?: 'sandbox' | 'csv' | undefined; fileId?: string | undefined } = {}): ReadSettlement {
  const format = options.format ?? detectFormat(content);
  if (format === 'csv') {
    const parsed = parseSettlementFile(content);
    return { format, fileId: options.fileId ?? contentFileId(content), network: null, settlementDate: null, ...parsed };
  }
  const fail = (message: string, column: string | null = null): ReadSettlement => ({
    format, fileId: options.fileId ?? contentFileId(content), network: null, settlementDate: null, records: [], problems: [{ line: 1, column, message }],
  });
  let file: Partial<SandboxSettlementFile>;
  try {
    file = JSON.parse(content) as Partial<SandboxSettlementFile>;
  } catch (error) {
    return fail(`not valid JSON: ${(error as Error).message}`);
  }
  if (!file || typeof file !== 'object' || file.format !== SANDBOX_SETTLEMENT_FORMAT) return fail(`format must be ${SANDBOX_SETTLEMENT_FORMAT}`, 'format');
  if (typeof file.file_id !== 'string' || !/^[\x21-\x7e]{1,100}$/.test(file.file_id)) return fail('file_id must be 1 to 100 printable characters', 'file_id');
  if (options.fileId !== undefined && options.fileId !== file.file_id) return fail(`the file's own id is ${file.file_id}`, 'file_id');
  if (!Array.isArray(file.records)) return fail('records must be a list', 'records');
  // A JSON file has no lines: a record is named by its position (record 1 is the first).
  const parsed = checkSettlementRows(file.records as Array<Record<string, unknown>>, (index) => index + 1);
  return {
    format,
    fileId: file.file_id,
    network: typeof file.network === 'string' ? file.network.slice(0, 40) : null,
    settlementDate: typeof file.settlement_date === 'string' ? file.settlement_date.slice(0, 10) : null,
    ...parsed,
  };
}
