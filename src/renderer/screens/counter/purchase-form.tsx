import { useRef, useState, type FormEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location } from '../../../core/programs/location-handlers.js';
import { useClient } from '../../client/client-context.js';
import { toClientError, type ClientError } from '../../client/kartu-client.js';
import { formatMoney } from '../../format/money.js';
import { parseMoneyInput } from '../../format/money-input.js';
import { useLang } from '../../i18n/i18n.js';
import { reasonText } from '../../ui/decision.js';
import { ErrorNotice } from '../../ui/states.js';
import { errorText } from '../../ui/error-text.js';
import { AmountField } from './amount-field.js';
import { newClientKey } from './client-key.js';
import type { CounterOutcome } from './counter-result.js';
import { formatPoints } from '../../format/points.js';
import type { Member } from './use-member.js';

interface Props {
  member: Member;
  branch: Location | undefined;
  refresh(): Promise<Member | null>;
  onOutcome(outcome: CounterOutcome): void;
  inputRef: Ref<HTMLInputElement>;
}

/**
 * A purchase at this branch: the decision (authorization at the branch's merchant id), then the
 * capture, which earns the points and may move the member up a tier in the same write.
 */
export function PurchaseForm({ member, branch, refresh, onOutcome, inputRef }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const client = useClient();
  const currency = member.card.currency;
  const [amount, setAmount] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const key = useRef(newClientKey('pos'));
  const minor = parseMoneyInput(amount, currency);
  const money = (n: number) => formatMoney(n, currency, lang);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (minor === null || minor <= 0) {
      setInvalid(true);
      return;
    }
    if (!branch) return;
    setInvalid(false);
    setPending(true);
    setError(null);
    const tierBefore = member.rewards?.tier?.id ?? null;
    try {
      // Through the card network (stand-in when it does not answer; decided here when none is set up).
      const authorization = await client.call('network-authorize', {
        card: member.card.id,
        amount: minor,
        currency,
        merchant: { id: branch.merchant_id, name: branch.name, mcc: branch.mcc, country: branch.country, city: branch.city },
        client_id: key.current,
      });
      if (!authorization.approved) {
        key.current = newClientKey('pos');
        onOutcome({
          tone: 'danger',
          title: `${t('counter.purchase.declined')} · ${money(minor)}`,
          lines: [reasonText(t, authorization.decline_reason), ...(authorization.stand_in ? [t('counter.purchase.standIn')] : [])],
          code: authorization.response_code,
          trace: authorization.trace,
          currency,
        });
        return;
      }
      try {
        await client.call('authorization-capture', { id: authorization.id, client_id: `${key.current}-c` });
      } catch (caught) {
        setError(toClientError(caught));
        onOutcome({ tone: 'danger', title: t('counter.purchase.captureFailed'), lines: [errorText(t, toClientError(caught), { currency })] });
        return;
      }
      key.current = newClientKey('pos');
      setAmount('');
      const fresh = await refresh();
      const earned = (fresh?.rewards?.recent_activity ?? []).filter((a) => a.authorization === authorization.id).reduce((sum, a) => sum + a.points, 0);
      const tierAfter = fresh?.rewards?.tier ?? null;
      const lines = [earned > 0 ? t('counter.purchase.points', { points: formatPoints(earned, lang) }) : t('counter.purchase.noPoints')];
      if (tierAfter && tierAfter.id !== tierBefore) lines.push(t('counter.purchase.tierUp', { tier: tierAfter.name }));
      if (fresh?.card.balance) lines.push(t('counter.topUp.balance', { amount: money(fresh.card.balance.available) }));
      if (authorization.stand_in) lines.push(t('counter.purchase.standIn'));
      onOutcome({ tone: 'success', title: t('counter.purchase.approved', { amount: money(authorization.amount) }), lines });
    } catch (caught) {
      const failure = toClientError(caught);
      // The answer is known (the engine refused the request): a new attempt gets a new key.
      if (failure.code !== 'connection_failed') key.current = newClientKey('pos');
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="counter-action form" onSubmit={submit} noValidate aria-label={t('counter.purchase.title')}>
      {error ? <ErrorNotice error={error} title={t('counter.errorTitle')} currency={currency} /> : null}
      <AmountField
        id="purchase-amount"
        label={t('counter.purchase.amount')}
        value={amount}
        onChange={(v) => {
          setAmount(v);
          setInvalid(false);
        }}
        currency={currency}
        error={invalid ? t('counter.invalidAmount') : null}
        inputRef={inputRef}
        shortcut="Alt+P"
      />
      <p className="muted">{branch ? t('counter.purchase.branch', { branch: branch.name }) : t('counter.noBranches')}</p>
      <button type="submit" className="btn btn--primary btn--xl" disabled={pending || !branch}>
        {pending ? t('counter.purchase.submitting') : minor !== null && minor > 0 ? t('counter.purchase.submit', { amount: money(minor) }) : t('counter.purchase.submitEmpty')}
      </button>
    </form>
  );
}
