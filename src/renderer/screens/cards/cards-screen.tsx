import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Card } from '../../../core/cards/card.js';
import type { Program } from '../../../core/programs/program.js';
import { DEFAULT_TIME_ZONE, formatDate, formatExpiry } from '../../format/dates.js';
import { useMutation } from '../../hooks/use-command.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { useLang, type Lang } from '../../i18n/i18n.js';
import { hrefOf } from '../../state/route.js';
import { Badge } from '../../ui/badge.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { Field } from '../../ui/field.js';
import { Flash } from '../../ui/flash.js';
import { Icon } from '../../ui/icons.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, SkeletonRows, SuccessNotice } from '../../ui/states.js';
import { CardFace } from '../programs/card-face.js';
import { maskedNumber, STATUS_TONES } from './card-labels.js';
import { useProgramIndex } from './use-program-index.js';

const COLUMNS = 7;
type StatusFilter = '' | Card['status'];
type PendingAction = { card: Card; to: 'inactive' | 'canceled' };

export function CardsScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  const programs = useProgramIndex();
  const [program, setProgram] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const list = usePagedList('card-list', { ...(program ? { program } : {}), ...(status ? { status } : {}) }, ['card']);
  const update = useMutation('card-update');
  const [confirm, setConfirm] = useState<PendingAction | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const changeStatus = async (card: Card, to: Card['status']) => {
    setDone(null);
    const updated = await update.run({ id: card.id, status: to });
    setConfirm(null);
    if (updated) {
      setDone(t('cards.updated', { number: maskedNumber(updated.last4), status: t(`cards.status.${updated.status}`) }));
      list.reload();
    }
  };

  const issueButton = (
    <a className="btn btn--primary" href={hrefOf('cards', 'new')}>
      <Icon name="plus" className="" size={16} />
      {t('cards.issue')}
    </a>
  );
  const filtered = Boolean(program || status);
  const empty = !list.error && !list.loading && list.items.length === 0;

  return (
    <Screen title={t('cards.title')} subtitle={t('cards.subtitle')} actions={issueButton}>
      <Flash />
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
      {update.error ? <ErrorNotice error={update.error} /> : null}
      <div className="toolbar" role="search">
        <Field label={t('cards.filters.program')}>
          <select className="select" value={program} onChange={(e) => setProgram(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {programs.list.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('cards.filters.status')}>
          <select className="select" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="">{t('common.all')}</option>
            {(['active', 'inactive', 'canceled'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`cards.status.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {empty ? (
        <div className="panel">
          {filtered ? <EmptyState icon="cards" title={t('cards.emptyFiltered')} /> : <EmptyState icon="cards" title={t('cards.emptyTitle')} text={t('cards.emptyText')} action={issueButton} />}
        </div>
      ) : null}
      {!list.error && !empty ? (
        <div className="panel table-wrap">
          <table className="table" aria-busy={list.loading}>
            <caption className="visually-hidden">{t('cards.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cards.columns.number')}</th>
                <th scope="col">{t('cards.columns.cardholder')}</th>
                <th scope="col">{t('cards.columns.program')}</th>
                <th scope="col">{t('cards.columns.status')}</th>
                <th scope="col">{t('cards.columns.expires')}</th>
                <th scope="col">{t('cards.columns.created')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('cards.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.loading ? (
                <SkeletonRows columns={COLUMNS} />
              ) : (
                list.items.map((card) => (
                  <CardRow
                    key={card.id}
                    card={card}
                    program={programs.byId.get(card.program)}
                    lang={lang}
                    busy={update.pending}
                    onFreeze={() => setConfirm({ card, to: 'inactive' })}
                    onUnfreeze={() => void changeStatus(card, 'active')}
                    onCancel={() => setConfirm({ card, to: 'canceled' })}
                  />
                ))
              )}
            </tbody>
          </table>
          {list.hasMore ? (
            <div className="table-footer">
              <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>
                {list.loadingMore ? t('common.loading') : t('common.loadMore')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        danger={confirm?.to === 'canceled'}
        pending={update.pending}
        title={confirm ? t(confirm.to === 'canceled' ? 'cards.confirmCancelTitle' : 'cards.confirmFreezeTitle', { number: maskedNumber(confirm.card.last4) }) : ''}
        text={confirm ? t(confirm.to === 'canceled' ? 'cards.confirmCancelText' : 'cards.confirmFreezeText') : ''}
        confirmLabel={confirm?.to === 'canceled' ? t('cards.confirmCancel') : t('cards.confirmFreeze')}
        onCancel={() => setConfirm(null)}
        onConfirm={() => confirm && void changeStatus(confirm.card, confirm.to)}
      />
    </Screen>
  );
}

interface RowProps {
  card: Card;
  program: Program | undefined;
  lang: Lang;
  busy: boolean;
  onFreeze(): void;
  onUnfreeze(): void;
  onCancel(): void;
}

function CardRow({ card, program, lang, busy, onFreeze, onUnfreeze, onCancel }: RowProps) {
  const { t } = useTranslation();
  const number = maskedNumber(card.last4);
  const label = t('cards.cardLabel', { last4: card.last4 });
  return (
    <tr data-card-id={card.id}>
      <td>
        <div className="card-cell">
          {program ? (
            <CardFace
              className="card-face card-face--thumb"
              brand={program.brand}
              title={label}
              text={{ kindLabel: t(`programs.kinds.${program.kind}`), cardholderName: card.cardholder_name, last4: card.last4, expiry: formatExpiry(card.exp_month, card.exp_year) }}
            />
          ) : null}
          <div>
            <a className="cell-strong mono nowrap" data-testid="masked-number" href={hrefOf('cards', card.id)} aria-label={label}>
              {number}
            </a>
            <span className="cell-sub">{t(`cards.types.${card.type}`)}</span>
          </div>
        </div>
      </td>
      <td>
        {/* The person, linked to their page; their internal id is no help to the owner or a cashier. */}
        <a className="cell-strong" href={hrefOf('cardholders', card.cardholder)}>
          {card.cardholder_name}
        </a>
      </td>
      <td>{program?.name ?? <span className="mono">{card.program}</span>}</td>
      <td>
        <Badge tone={STATUS_TONES[card.status]}>{t(`cards.status.${card.status}`)}</Badge>
      </td>
      <td className="mono">{formatExpiry(card.exp_month, card.exp_year)}</td>
      <td className="nowrap">{formatDate(card.created, program?.timezone ?? DEFAULT_TIME_ZONE, lang)}</td>
      <td>
        <div className="row-actions">
          {card.status === 'active' ? (
            <button type="button" className="btn btn--small" onClick={onFreeze} disabled={busy} aria-label={`${t('cards.freeze')} ${number}`}>
              {t('cards.freeze')}
            </button>
          ) : null}
          {card.status === 'inactive' ? (
            <button type="button" className="btn btn--small" onClick={onUnfreeze} disabled={busy} aria-label={`${t('cards.unfreeze')} ${number}`}>
              {t('cards.unfreeze')}
            </button>
          ) : null}
          {card.status !== 'canceled' ? (
            <button type="button" className="btn btn--small btn--ghost danger-text" onClick={onCancel} disabled={busy} aria-label={`${t('cards.cancel')} ${number}`}>
              {t('cards.cancel')}
            </button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
