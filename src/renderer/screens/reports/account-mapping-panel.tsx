import type { TFunction } from 'i18next';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AccountCode as LedgerCode } from '../../../core/ledger/accounts.js';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { useCan } from '../../state/session.js';
import { Field } from '../../ui/field.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { Panel } from './report-parts.js';
import { addCurrencyRow, errorRow, isDirty, mappingChanges, rowsFromView, type MappingRow } from './mapping-form.js';

/** The engine's messages for a bad account code, in the reader's language. */
function fieldMessage(t: TFunction, code: string, field: string, fallback: string): string {
  if (field === 'account_code') return code === 'parameter_missing' ? t('reports.mapping.codeMissing') : t('reports.mapping.codeInvalid');
  if (field === 'account_name') return t('reports.mapping.nameInvalid');
  return fallback;
}

/**
 * The owner maps each kind of ledger account (per currency, or for every currency) to an account
 * of their own chart of accounts; the journal export writes those codes. An emptied code goes back
 * to Kartu's own. Managers see the mapping; only the owner changes it (the engine enforces it too).
 */
export function AccountMappingPanel({ currencies }: { currencies: readonly string[] }) {
  const { t } = useTranslation();
  const base = useId();
  const isOwner = useCan('owner');
  const view = useQuery('account-mapping-get', {});
  const save = useMutation('account-mapping-update');
  const [rows, setRows] = useState<MappingRow[] | null>(null);
  const [zone, setZone] = useState<string | null>(null);
  const [sentKeys, setSentKeys] = useState<string[]>([]);
  const [saved, setSaved] = useState<number | null>(null);
  const [addLedger, setAddLedger] = useState<LedgerCode>('card_funds');
  const [addCurrency, setAddCurrency] = useState(currencies[0] ?? 'IDR');

  // The engine's view fills the form once it arrives (and again after a save).
  useEffect(() => {
    if (view.data && rows === null) setRows(rowsFromView(view.data.accounts));
  }, [view.data, rows]);

  if (view.error) return <ErrorNotice error={view.error} onRetry={view.reload} />;
  if (!view.data || rows === null) return <Loading />;

  const timezone = zone ?? view.data.timezone;
  const failed = save.error ? errorRow(save.error.param, sentKeys) : null;
  const ledgerCodes = [...new Set(rows.map((r) => r.ledger_code))] as LedgerCode[];
  const describe = (r: MappingRow) => t(`reports.mapping.ledger.${r.ledger_code as LedgerCode}`, { defaultValue: r.description });
  const edit = (key: string, patch: Partial<MappingRow>) => {
    setSaved(null);
    setRows((all) => (all ?? []).map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };
  const changed = rows.some(isDirty) || timezone !== view.data.timezone;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { accounts, keys } = mappingChanges(rows);
    setSentKeys(keys);
    setSaved(null);
    const out = await save.run({ ...(timezone !== view.data!.timezone ? { timezone: timezone.trim() } : {}), accounts });
    if (!out) return;
    setRows(rowsFromView(out.accounts));
    setZone(null);
    setSaved(accounts.length);
    view.reload();
  };

  return (
    <Panel title={t('reports.mapping.title')} testId="account-mapping">
      <form className="panel__body stack" onSubmit={(e) => void submit(e)} aria-label={t('reports.mapping.title')} noValidate>
        <p className="muted">{t('reports.mapping.intro')}</p>
        {!isOwner ? <p className="notice notice--info">{t('reports.mapping.ownerOnly')}</p> : null}
        <div className="toolbar">
          <Field label={t('reports.mapping.timezone')} hint={t('reports.mapping.timezoneHint')} error={save.error?.param === 'timezone' ? t('reports.mapping.timezoneInvalid') : undefined}>
            <input className="input" value={timezone} disabled={!isOwner} onChange={(e) => { setZone(e.target.value); setSaved(null); }} autoComplete="off" spellCheck={false} />
          </Field>
        </div>
        <div className="table-wrap">
          <table className="table report-mapping">
            <caption className="visually-hidden">{t('reports.mapping.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.mapping.ledgerCol')}</th>
                <th scope="col">{t('reports.mapping.currency')}</th>
                <th scope="col">{t('reports.mapping.code')}</th>
                <th scope="col">{t('reports.mapping.name')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const error = failed?.key === r.key ? failed : null;
                const errorId = `${base}-${r.key}-error`;
                const what = `${r.ledger_code}${r.currency ? ` ${r.currency}` : ''}`;
                return (
                  <tr key={r.key} data-testid={`mapping-${r.key}`}>
                    <th scope="row" className="report-row-head">
                      <span className="mono cell-strong">{r.ledger_code}</span>
                      <span className="cell-sub">{describe(r)}</span>
                    </th>
                    <td>{r.currency ?? <span className="muted">{t('reports.mapping.allCurrencies')}</span>}</td>
                    <td>
                      <input
                        className="input report-mapping__input"
                        value={r.code}
                        disabled={!isOwner}
                        placeholder={r.ledger_code}
                        aria-label={t('reports.mapping.codeFor', { account: what })}
                        aria-invalid={error?.field === 'account_code' ? true : undefined}
                        aria-describedby={error?.field === 'account_code' ? errorId : undefined}
                        onChange={(e) => edit(r.key, { code: e.target.value })}
                        spellCheck={false}
                      />
                      {error?.field === 'account_code' ? (
                        <span className="field__error" id={errorId}>
                          {fieldMessage(t, save.error!.code, error.field, save.error!.message)}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <input
                        className="input report-mapping__input"
                        value={r.name}
                        disabled={!isOwner}
                        aria-label={t('reports.mapping.nameFor', { account: what })}
                        aria-invalid={error?.field === 'account_name' ? true : undefined}
                        aria-describedby={error?.field === 'account_name' ? errorId : undefined}
                        onChange={(e) => edit(r.key, { name: e.target.value })}
                      />
                      {error?.field === 'account_name' ? (
                        <span className="field__error" id={errorId}>
                          {fieldMessage(t, save.error!.code, error.field, save.error!.message)}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {isOwner ? (
          <div className="toolbar">
            <Field label={t('reports.mapping.addLedger')}>
              <select className="select" value={addLedger} onChange={(e) => setAddLedger(e.target.value as LedgerCode)}>
                {ledgerCodes.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('reports.mapping.addCurrency')}>
              <select className="select" value={addCurrency} onChange={(e) => setAddCurrency(e.target.value)}>
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </Field>
            <button
              type="button"
              className="btn"
              disabled={currencies.length === 0}
              onClick={() => setRows((all) => addCurrencyRow(all ?? [], addLedger, addCurrency, rows.find((r) => r.ledger_code === addLedger)?.description ?? ''))}
            >
              {t('reports.mapping.addRow')}
            </button>
          </div>
        ) : null}
        {save.error && !failed && save.error.param !== 'timezone' ? <ErrorNotice error={save.error} /> : null}
        {save.error && failed ? (
          <p className="tone-danger" role="alert">
            {t('reports.mapping.fixErrors')}
          </p>
        ) : null}
        {saved !== null ? <SuccessNotice>{t('reports.mapping.saved')}</SuccessNotice> : null}
        {isOwner ? (
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={save.pending || !changed}>
              {save.pending ? t('common.saving') : t('reports.mapping.save')}
            </button>
          </div>
        ) : null}
      </form>
    </Panel>
  );
}
