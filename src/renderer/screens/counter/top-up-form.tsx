import { useRef, useState, type FormEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../client/client-context.js';
import { toClientError, type ClientError } from '../../client/kartu-client.js';
import { CURRENCY_EXPONENTS } from '../../../core/kernel/money.js';
import { formatMoney } from '../../format/money.js';
import { minorToInput, parseMoneyInput } from '../../format/money-input.js';
import { useLang } from '../../i18n/i18n.js';
import { ErrorNotice } from '../../ui/states.js';
import { AmountField } from './amount-field.js';
import { newClientKey } from './client-key.js';
import type { CounterOutcome } from './counter-result.js';
import type { Member } from './use-member.js';

/** Common top-ups in whole units of the card's currency (rupiah at a coffee counter). */
const QUICK_MAJOR = [50_000, 100_000, 200_000];

export function TopUpForm({ member, refresh, onOutcome, inputRef }: { member: Member; refresh(): Promise<Member | null>; onOutcome(outcome: CounterOutcome): void; inputRef: Ref<HTMLInputElement> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const client = useClient();
  const currency = member.card.currency;
  const [amount, setAmount] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const key = useRef(newClientKey('topup'));
  const minor = parseMoneyInput(amount, currency);
  const money = (n: number) => formatMoney(n, currency, lang);
  const scale = 10 ** (CURRENCY_EXPONENTS[currency] ?? 2);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (minor === null || minor <= 0) {
      setInvalid(true);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const movement = await client.call('top-up-create', { card: member.card.id, amount: minor, client_id: key.current });
      key.current = newClientKey('topup');
      setAmount('');
      const fresh = await refresh();
      onOutcome({
        tone: 'success',
        title: t('counter.topUp.done', { amount: money(movement.amount) }),
        lines: fresh?.card.balance ? [t('counter.topUp.balance', { amount: money(fresh.card.balance.available) })] : [],
      });
    } catch (caught) {
      const failure = toClientError(caught);
      if (failure.code !== 'connection_failed') key.current = newClientKey('topup');
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="counter-action form" onSubmit={submit} noValidate aria-label={t('counter.topUp.title')}>
      {error ? <ErrorNotice error={error} title={t('counter.errorTitle')} currency={currency} /> : null}
      <AmountField
        id="top-up-amount"
        label={t('counter.topUp.amount')}
        value={amount}
        onChange={(v) => {
          setAmount(v);
          setInvalid(false);
        }}
        currency={currency}
        error={invalid ? t('counter.invalidAmount') : null}
        inputRef={inputRef}
        shortcut="Alt+T"
      />
      <div className="chip-row" role="group" aria-label={t('counter.topUp.quick')}>
        {QUICK_MAJOR.map((major) => (
          <button key={major} type="button" className="btn btn--l" onClick={() => setAmount(minorToInput(major * scale, currency))}>
            {money(major * scale)}
          </button>
        ))}
      </div>
      <button type="submit" className="btn btn--primary btn--xl" disabled={pending}>
        {minor !== null && minor > 0 ? t('counter.topUp.submit', { amount: money(minor) }) : t('counter.topUp.submitEmpty')}
      </button>
    </form>
  );
}
