import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Card } from '../../../core/cards/card.js';
import { formatExpiry } from '../../format/dates.js';
import { formatPhone } from '../../format/phone.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { useDebounced } from '../../hooks/use-debounced.js';
import { hrefOf, navigate, useRoute } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Badge } from '../../ui/badge.js';
import { Field, errorFor } from '../../ui/field.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { CardFace } from '../programs/card-face.js';
import { maskedNumber, STATUS_TONES } from './card-labels.js';
import { useProgramIndex } from './use-program-index.js';

type CardType = Card['type'];

/** Issue a card: program, cardholder, type; then the confirmation the issuer is owed (status, masked number, name). */
export function CardIssueScreen() {
  const { t } = useTranslation();
  const route = useRoute();
  const programs = useProgramIndex();
  const [program, setProgram] = useState(route.params.get('program') ?? '');
  // The way to a new program is only for who may create one (managers, owners).
  const canCreateProgram = useCan('manager');
  const [cardholder, setCardholder] = useState(route.params.get('cardholder') ?? '');
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim());
  const holders = useQuery('cardholder-list', { limit: 50, ...(query ? { query } : {}) }, ['cardholder']);
  const [type, setType] = useState<CardType>('virtual');
  const create = useMutation('card-create');
  const [issued, setIssued] = useState<Card | null>(null);

  const activePrograms = programs.list.filter((p) => p.status === 'active');
  const holderList = holders.data?.data ?? [];

  // Preselect when there is exactly one choice: the common first-run case.
  useEffect(() => {
    if (!program && activePrograms.length === 1) setProgram(activePrograms[0]!.id);
  }, [program, activePrograms]);
  useEffect(() => {
    if (!cardholder && !query && holderList.length === 1) setCardholder(holderList[0]!.id);
  }, [cardholder, query, holderList]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const card = await create.run({ program, cardholder, type });
    if (card) setIssued(card);
  };

  if (issued) return <Issued card={issued} onAnother={() => setIssued(null)} programName={programs.byId.get(issued.program)?.name} />;

  const err = create.error;
  const loading = programs.loading && !programs.data;
  const noPrograms = !programs.loading && !programs.error && activePrograms.length === 0;
  const noHolders = !holders.loading && !holders.error && !query && holderList.length === 0;

  return (
    <Screen title={t('cards.issueTitle')} subtitle={t('cards.issueSubtitle')}>
      {programs.error ? <ErrorNotice error={programs.error} onRetry={programs.reload} /> : null}
      {holders.error ? <ErrorNotice error={holders.error} onRetry={holders.reload} /> : null}
      {loading ? <Loading /> : null}
      {noPrograms ? (
        <div className="panel">
          <EmptyState icon="programs" title={t('cards.needProgram')} action={canCreateProgram ? <a className="btn btn--primary" href={hrefOf('programs', 'new')}>{t('programs.new')}</a> : undefined} />
        </div>
      ) : null}
      {!noPrograms && noHolders ? (
        <div className="panel">
          <EmptyState icon="cardholders" title={t('cards.needCardholder')} action={<a className="btn btn--primary" href={hrefOf('cardholders', 'new')}>{t('cardholders.new')}</a>} />
        </div>
      ) : null}
      {!loading && !noPrograms && !noHolders && !programs.error ? (
        <form className="panel panel__body form" onSubmit={submit} noValidate aria-label={t('cards.issueTitle')}>
          {err ? <ErrorNotice error={err} /> : null}
          <Field label={t('cards.fields.program')} error={errorFor(err, 'program')}>
            <select className="select" value={program} onChange={(e) => setProgram(e.target.value)} required>
              <option value="">{t('cards.pickProgram')}</option>
              {activePrograms.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} · {t(`programs.kinds.${p.kind}`)} · {p.currency}
                </option>
              ))}
            </select>
          </Field>
          <div className="form__row">
            <Field label={t('cards.fields.cardholderSearch')} optional>
              <input className="input" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('cardholders.searchPlaceholder')} />
            </Field>
            <Field label={t('cards.fields.cardholder')} error={errorFor(err, 'cardholder') ?? errorFor(err, 'kyc')}>
              <select className="select" value={cardholder} onChange={(e) => setCardholder(e.target.value)} required>
                <option value="">{t('cards.pickCardholder')}</option>
                {holderList.map((h) => (
                  <option key={h.id} value={h.id}>
                    {h.name}
                    {h.phone ? ` · ${formatPhone(h.phone)}` : ''}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <fieldset className="form__group">
            <legend>{t('cards.fields.type')}</legend>
            <div className="radio-row">
              {(['virtual', 'physical'] as const).map((value) => (
                <label key={value} className="radio-card">
                  <input type="radio" name="card-type" value={value} checked={type === value} onChange={() => setType(value)} />
                  <span>
                    <span className="cell-strong">{t(`cards.types.${value}`)}</span>
                    <span className="cell-sub">{t(`cards.typeHints.${value}`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="form__actions">
            <a className="btn" href={hrefOf('cards')}>
              {t('common.cancel')}
            </a>
            <button type="submit" className="btn btn--primary" disabled={create.pending}>
              {create.pending ? t('common.saving') : t('cards.issue')}
            </button>
          </div>
        </form>
      ) : null}
    </Screen>
  );
}

function Issued({ card, onAnother, programName }: { card: Card; onAnother(): void; programName: string | undefined }) {
  const { t } = useTranslation();
  const programs = useProgramIndex();
  const program = programs.byId.get(card.program);
  const number = maskedNumber(card.last4);
  return (
    <Screen title={t('cards.issuedTitle')}>
      <SuccessNotice>{t('cards.issued', { number, name: card.cardholder_name, status: t(`cards.status.${card.status}`) })}</SuccessNotice>
      <div className="split">
        <div className="panel panel__body">
          <dl className="kv">
            <dt>{t('cards.columns.number')}</dt>
            <dd className="mono" data-testid="issued-number">
              {number}
            </dd>
            <dt>{t('cards.columns.cardholder')}</dt>
            <dd>{card.cardholder_name}</dd>
            <dt>{t('cards.columns.program')}</dt>
            <dd>{programName ?? card.program}</dd>
            <dt>{t('cards.columns.type')}</dt>
            <dd>{t(`cards.types.${card.type}`)}</dd>
            <dt>{t('cards.columns.status')}</dt>
            <dd>
              <Badge tone={STATUS_TONES[card.status]}>{t(`cards.status.${card.status}`)}</Badge>
            </dd>
            <dt>{t('cards.columns.expires')}</dt>
            <dd className="mono">{formatExpiry(card.exp_month, card.exp_year)}</dd>
          </dl>
          <div className="form__actions">
            <button type="button" className="btn" onClick={onAnother}>
              {t('cards.issueAnother')}
            </button>
            <button type="button" className="btn btn--primary" onClick={() => navigate('cards')} autoFocus>
              {t('cards.viewAll')}
            </button>
          </div>
        </div>
        {program ? (
          <div className="panel panel__body preview">
            <CardFace
              brand={program.brand}
              title={t('cards.cardLabel', { last4: card.last4 })}
              text={{ kindLabel: t(`programs.kinds.${program.kind}`), cardholderName: card.cardholder_name, last4: card.last4, expiry: formatExpiry(card.exp_month, card.exp_year) }}
            />
          </div>
        ) : null}
      </div>
    </Screen>
  );
}
