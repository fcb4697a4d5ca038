import { CURRENCY_NUMERIC } from '../core/kernel/money.js';
import { buildTransactionRequest, originalDataOf } from '../core/network/iso8583/acquirer-messages.js';
import type { Iso8583Message } from '../core/network/iso8583/message.js';
import { sendIsoMessages } from '../host/iso8583/terminal-client.js';
import type { CliCommand, OptionValues } from './cli-commands.js';
import { UsageError } from './cli-io.js';

/** What each answer code means, for the person at the simulated terminal. */
const MEANING: Record<string, string> = {
  '00': 'approved', '05': 'do not honour', '10': 'partially approved', '12': 'invalid transaction', '13': 'invalid amount',
  '14': 'invalid card number', '25': 'original not found', '30': 'format error', '41': 'lost card', '43': 'stolen card',
  '51': 'insufficient funds', '54': 'expired card', '57': 'not permitted to cardholder', '59': 'suspected fraud',
  '61': 'exceeds amount limit', '62': 'restricted card', '65': 'exceeds frequency limit', '96': 'system malfunction',
};

function text(values: OptionValues, name: string, fallback?: string): string {
  const value = values[name];
  if (typeof value === 'string' && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new UsageError(`--${name} is required.`);
}

function positiveInt(values: OptionValues, name: string, fallback?: number): number {
  const raw = values[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value <= 0) throw new UsageError(`--${name} must be a positive whole number.`);
  return value;
}

/**
 * `kartu simulate-terminal`: a merchant's terminal (an acquirer) sending real ISO 8583 messages
 * to Kartu's authorization port, for demos and for trying rules. Prints each answer.
 */
export const simulateTerminal: CliCommand = {
  name: 'simulate-terminal',
  summary: 'send ISO 8583 purchases (and reversals) to the authorization port, print the answers',
  usage: 'kartu simulate-terminal --number PAN --expiry YYMM --amount MINOR [--port 8583] [--currency IDR] [--mcc 5814] [--merchant-id ID] [--merchant-name NAME] [--city CITY] [--country ID] [--count N] [--reverse]',
  options: {
    host: { type: 'string' }, port: { type: 'string' }, number: { type: 'string' }, expiry: { type: 'string' }, amount: { type: 'string' },
    currency: { type: 'string' }, mcc: { type: 'string' }, 'merchant-id': { type: 'string' }, 'merchant-name': { type: 'string' },
    city: { type: 'string' }, country: { type: 'string' }, count: { type: 'string' }, reverse: { type: 'boolean' }, terminal: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const pan = text(values, 'number');
    if (!/^\d{12,19}$/.test(pan)) throw new UsageError('--number must be the card number, 12 to 19 digits.');
    const expiry = text(values, 'expiry');
    if (!/^\d{4}$/.test(expiry)) throw new UsageError('--expiry must be YYMM, e.g. 3111.');
    const currency = text(values, 'currency', 'IDR').toUpperCase();
    const currencyNumeric = CURRENCY_NUMERIC[currency];
    if (!currencyNumeric) throw new UsageError(`--currency ${currency} is not supported.`);
    const amountMinor = positiveInt(values, 'amount');
    const count = positiveInt(values, 'count', 1);
    if (count > 10_000) throw new UsageError('--count is at most 10000.');
    const port = positiveInt(values, 'port', 8583);
    const base = {
      pan, expiry, amountMinor, currencyNumeric,
      mcc: text(values, 'mcc', '5814'),
      merchantId: text(values, 'merchant-id', 'SIM-MERCHANT'),
      terminalId: text(values, 'terminal', 'SIMTERM1'),
      acquirerId: '990001',
      merchant: { name: text(values, 'merchant-name', 'Kartu Terminal Simulator'), city: text(values, 'city', 'Jakarta'), country: text(values, 'country', 'ID') },
    };
    const firstStan = 1 + Math.floor(Math.random() * 800_000);
    const messages: Iso8583Message[] = [];
    for (let i = 0; i < count; i++) {
      const purchase = buildTransactionRequest({ ...base, stan: firstStan + i });
      messages.push(purchase);
      if (values.reverse) messages.push(buildTransactionRequest({ ...base, kind: 'reversal', stan: firstStan + count + i, original: originalDataOf(purchase) }));
    }
    const result = await sendIsoMessages({ host: text(values, 'host', '127.0.0.1'), port, messages, timeoutMs: 30_000 });
    let failures = 0;
    for (const exchange of result.exchanges) {
      const code = exchange.response?.fields[39];
      if (!exchange.response || !code) {
        failures++;
        io.out(`${exchange.request.mti} STAN ${exchange.request.fields[11]}  no answer: ${exchange.error ?? 'unknown'}`);
        continue;
      }
      io.out(`${exchange.request.mti} -> ${exchange.response.mti}  STAN ${exchange.response.fields[11]}  ${code} ${MEANING[code] ?? ''}  ${exchange.latencyMs?.toFixed(1) ?? '?'} ms`);
    }
    return failures === 0 ? 0 : 1;
  },
};
