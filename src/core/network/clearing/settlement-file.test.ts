import { describe, expect, it } from 'vitest';
import { formatSettlementFile, parseSettlementFile } from './settlement-file.js';

const good = {
  record_id: 'stl_1', type: 'capture' as const, authorization: 'auth_1', rrn: '000000000001', card_last4: '4242',
  amount: 2_500_000, currency: 'IDR', merchant_id: 'KN-JKT-SDR01', settled_at: '2026-03-02T10:00:00.000Z', interchange_fee: 0,
};

describe('settlement file', () => {
  it('round-trips through its CSV form', () => {
    const text = formatSettlementFile([good, { ...good, record_id: 'stl_2', type: 'refund', amount: 500_000 }]);
    expect(text.split('\n')[0]).toBe('record_id,type,authorization,rrn,card_last4,amount,currency,merchant_id,settled_at,interchange_fee');
    const parsed = parseSettlementFile(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.records.map(({ line, ...r }) => r)).toEqual([good, { ...good, record_id: 'stl_2', type: 'refund', amount: 500_000 }]);
  });

  it('reports every bad row by line and column, and accepts none of the file', () => {
    const text = formatSettlementFile([
      good,
      { ...good, record_id: 'stl_2', amount: -5 },
      { ...good, record_id: 'stl_3', currency: 'XXX' },
      { ...good, record_id: 'stl_1' },
      { ...good, record_id: 'stl_5', authorization: null, rrn: null },
      { ...good, record_id: 'stl_6', card_last4: '6271801234567897' },
    ]);
    const parsed = parseSettlementFile(text);
    expect(parsed.records).toEqual([]);
    expect(parsed.problems.map((p) => [p.line, p.column])).toEqual([[3, 'amount'], [4, 'currency'], [5, 'record_id'], [6, 'authorization'], [7, 'card_last4']]);
  });

  it('refuses a file without the header', () => {
    expect(parseSettlementFile('a,b\n1,2').problems[0]).toMatchObject({ line: 1, column: 'record_id' });
  });
});
