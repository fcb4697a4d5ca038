import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpendingControlsInput } from '../../../core/controls/spending-controls.js';
import { formatDateTime } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { useMutation } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { DecisionBadge, reasonText } from '../../ui/decision.js';
import { Field } from '../../ui/field.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';

type Since = 'all' | 'd7' | 'd30' | 'd90';
const DAYS: Record<Since, number | null> = { all: null, d7: 7, d30: 30, d90: 90 };

/** The proposed rules over the card's or program's history: which decisions would flip, and why. */
export function ReplayPanel({ target, controls, zone, disabledReason }: { target: { card: string } | { program: string }; controls: () => SpendingControlsInput | null; zone: string; disabledReason?: string | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const replay = useMutation('rules-replay');
  const [since, setSince] = useState<Since>('all');
  const [result, setResult] = useState<Awaited<ReturnType<typeof replay.run>>>(undefined);

  const run = async () => {
    const proposed = controls();
    if (!proposed) return;
    const days = DAYS[since];
    setResult(
      await replay.run({
        ...target,
        spending_controls: proposed,
        limit: 5_000,
        ...(days ? { since: Math.floor(Date.now() / 1000) - days * 86_400 } : {}),
      }),
    );
  };

  const isCard = 'card' in target;
  return (
    <section className="panel panel__body" aria-labelledby="replay-title">
      <h2 id="replay-title">{t('rules.replay.title')}</h2>
      <p className="muted">{t('rules.replay.text', { target: isCard ? t('rules.replay.targetCard') : t('rules.replay.targetProgram') })}</p>
      <div className="toolbar">
        <Field label={t('rules.replay.since')}>
          <select className="select" value={since} onChange={(e) => setSince(e.target.value as Since)}>
            {(Object.keys(DAYS) as Since[]).map((key) => (
              <option key={key} value={key}>
                {t(`rules.replay.sinceOptions.${key}`)}
              </option>
            ))}
          </select>
        </Field>
        <button type="button" className="btn btn--primary" onClick={() => void run()} disabled={replay.pending || Boolean(disabledReason)}>
          {replay.pending ? t('rules.replay.running') : t('rules.replay.run')}
        </button>
      </div>
      {disabledReason ? <p className="muted">{disabledReason}</p> : null}
      {replay.pending ? <Loading label={t('rules.replay.running')} /> : null}
      {replay.error ? <ErrorNotice error={replay.error} /> : null}
      {result && !replay.pending ? (
        <div className="stack" data-testid="replay-result">
          <p className="replay-summary" role="status">
            <strong>{t('rules.replay.evaluated', { count: result.evaluated })}</strong> · {t('rules.replay.changed', { count: result.changed })} · {t('rules.replay.newlyDeclined', { count: result.newly_declined })} ·{' '}
            {t('rules.replay.newlyApproved', { count: result.newly_approved })}
          </p>
          {result.truncated ? <p className="muted">{t('rules.replay.truncated', { count: result.evaluated })}</p> : null}
          {result.changed === 0 ? (
            <SuccessNotice>{t('rules.replay.none')}</SuccessNotice>
          ) : (
            <div className="table-wrap replay-table">
              <table className="table">
                <caption className="visually-hidden">{t('rules.replay.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('rules.replay.columns.when')}</th>
                    <th scope="col">{t('rules.replay.columns.merchant')}</th>
                    <th scope="col" className="num">
                      {t('rules.replay.columns.amount')}
                    </th>
                    <th scope="col">{t('rules.replay.columns.before')}</th>
                    <th scope="col">{t('rules.replay.columns.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.data.slice(0, 200).map((item) => (
                    <tr key={item.authorization}>
                      <td className="nowrap">{formatDateTime(item.created, zone, lang)}</td>
                      <td>{item.merchant.name}</td>
                      <td className="num nowrap">{formatMoney(item.amount, item.currency, lang)}</td>
                      <td>
                        <DecisionBadge approved={item.before.approved} code={item.before.response_code} />
                      </td>
                      <td>
                        <DecisionBadge approved={item.after.approved} code={item.after.response_code} />
                        {!item.after.approved ? <span className="cell-sub">{reasonText(t, item.after.decline_reason)}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
