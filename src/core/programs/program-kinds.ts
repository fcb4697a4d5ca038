export const PROGRAM_KINDS = ['loyalty', 'prepaid', 'debit', 'credit', 'corporate', 'co_branded'] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];

/** Kinds whose cards hold money on the card (top-ups, a balance). */
export const STORED_VALUE_KINDS: readonly ProgramKind[] = ['loyalty', 'prepaid'];

/** Sandbox BINs per kind: 6xxxxx private-label for closed loop, 4xxxxx for open-loop kinds. */
export const SANDBOX_BINS: Record<ProgramKind, string> = {
  loyalty: '627180',
  prepaid: '423456',
  debit: '411122',
  credit: '455700',
  corporate: '428800',
  co_branded: '451234',
};

/** Indonesia's unregistered e-money cap, Rp 2.000.000 (IDR minor units). */
export const UNREGISTERED_BALANCE_CAP_IDR = 200_000_000;

export const DEFAULT_EXPIRY_YEARS: Record<ProgramKind, number> = {
  loyalty: 5,
  prepaid: 3,
  debit: 5,
  credit: 5,
  corporate: 3,
  co_branded: 5,
};
