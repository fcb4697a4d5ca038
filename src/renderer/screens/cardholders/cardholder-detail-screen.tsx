import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cardholder } from '../../../core/cardholders/cardholder.js';
import { DEFAULT_TIME_ZONE, formatCalendarDate, formatDate } from '../../format/dates.js';
import { formatPhone } from '../../format/phone.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { hrefOf } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Badge } from '../../ui/badge.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { useProgramIndex } from '../cards/use-program-index.js';
import { addressText } from './address-text.js';
import { CardholderCards } from './cardholder-cards.js';
import { CardholderEditForm } from './cardholder-edit-form.js';
import { CardholderKyc } from './cardholder-kyc.js';
import { CardholderTransactions } from './cardholder-transactions.js';

/**
 * One cardholder: details (national id masked to its last 4), KYC status and what each card kind
 * still needs, an edit form, their cards and recent purchases. Editing follows the core's
 * permission for cardholder-update (cardholders:write, from the cashier up); the core refuses
 * anything else anyway.
 */
export function CardholderDetailScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const holder = useQuery('cardholder-get', { id }, ['cardholder']);
  const programs = useProgramIndex();
  const canEdit = useCan('cashier');
  const canIssue = useCan('cashier');
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const h = holder.data;
  const back = (
    <a className="btn" href={hrefOf('cardholders')}>
      {t('cardholderDetail.back')}
    </a>
  );

  if (holder.loading && !h) {
    return (
      <Screen title={t('cardholders.title')} actions={back}>
        <Loading label={t('cardholderDetail.loading')} />
      </Screen>
    );
  }
  if (holder.error || !h) {
    return (
      <Screen title={t('cardholders.title')} actions={back}>
        {holder.error?.type === 'not_found' ? (
          <div className="panel">
            <EmptyState icon="cardholders" title={t('cardholderDetail.notFound')} action={back} />
          </div>
        ) : holder.error ? (
          <ErrorNotice error={holder.error} onRetry={holder.reload} />
        ) : null}
      </Screen>
    );
  }

  const zone = programs.list[0]?.timezone ?? DEFAULT_TIME_ZONE;
  const editButton =
    canEdit && !editing ? (
      <button
        type="button"
        className="btn btn--primary"
        onClick={() => {
          setSaved(false);
          setEditing(true);
        }}
      >
        {t('cardholderDetail.edit.button')}
      </button>
    ) : null;

  return (
    <Screen
      title={h.name}
      subtitle={h.type === 'company' ? t('cardholderDetail.typeCompany') : t('cardholderDetail.typeIndividual')}
      actions={
        <>
          {back}
          {editButton}
        </>
      }
    >
      {saved ? <SuccessNotice>{t('cardholderDetail.edit.saved')}</SuccessNotice> : null}
      {!canEdit ? <p className="muted">{t('cardholderDetail.edit.readOnly')}</p> : null}
      <div className="grid-2">
        {editing ? (
          <CardholderEditForm
            holder={h}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              setSaved(true);
              holder.reload();
            }}
          />
        ) : (
          <CardholderFacts holder={h} zone={zone} />
        )}
        <CardholderKyc holder={h} programs={programs.list} onChanged={holder.reload} />
      </div>
      <div className="stack">
        <CardholderCards cardholderId={h.id} programs={programs.byId} canIssue={canIssue} />
        <CardholderTransactions cardholderId={h.id} name={h.name} zone={zone} />
      </div>
    </Screen>
  );
}

function CardholderFacts({ holder: h, zone }: { holder: Cardholder; zone: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const company = useQuery('cardholder-get', h.company ? { id: h.company } : null, ['cardholder']);
  const none = t('common.none');
  return (
    <section className="panel panel__body" aria-labelledby="ch-facts-title">
      <h2 id="ch-facts-title">{t('cardholderDetail.details.title')}</h2>
      <dl className="kv" data-testid="cardholder-facts">
        <dt>{t('cardholderDetail.details.name')}</dt>
        <dd>{h.name}</dd>
        <dt>{t('cardholderDetail.details.email')}</dt>
        <dd>{h.email ?? none}</dd>
        <dt>{t('cardholderDetail.details.phone')}</dt>
        <dd className="nowrap">{h.phone ? formatPhone(h.phone) : none}</dd>
        {h.type === 'individual' ? (
          <>
            <dt>{t('cardholderDetail.details.birthDate')}</dt>
            <dd>{h.birth_date ? formatCalendarDate(h.birth_date, lang) : none}</dd>
            <dt>{t('cardholderDetail.details.nationalId')}</dt>
            <dd className="mono" data-testid="national-id">
              {h.national_id_last4 ? `•••• •••• •••• ${h.national_id_last4}` : none}
            </dd>
          </>
        ) : null}
        <dt>{t('cardholderDetail.details.address')}</dt>
        <dd>{addressText(h.address) ?? none}</dd>
        <dt>{t('cardholderDetail.details.language')}</dt>
        <dd>{t(`cardholderDetail.languages.${h.preferred_language}`)}</dd>
        {h.company ? (
          <>
            <dt>{t('cardholderDetail.company')}</dt>
            <dd>
              <a href={hrefOf('cardholders', h.company)}>{company.data?.name ?? h.company}</a>
            </dd>
          </>
        ) : null}
        <dt>{t('cardholderDetail.details.status')}</dt>
        <dd>
          <Badge tone={h.status === 'active' ? 'success' : h.status === 'blocked' ? 'danger' : 'warning'}>{t(`cardholders.status.${h.status}`)}</Badge>
        </dd>
        <dt>{t('cardholderDetail.details.added')}</dt>
        <dd>{formatDate(h.created, zone, lang)}</dd>
      </dl>
    </section>
  );
}
