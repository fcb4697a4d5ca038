import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpendingControls } from '../../../core/controls/spending-controls.js';
import { DEFAULT_TIME_ZONE } from '../../format/dates.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { navigate, useRoute } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Field } from '../../ui/field.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { CardholderPicker } from '../cardholders/cardholder-picker.js';
import { maskedNumber } from '../cards/card-labels.js';
import { useProgramIndex } from '../cards/use-program-index.js';
import { controlsFromDraft, draftFromControls, type ControlsDraft } from './controls-draft.js';
import { ControlsEditor } from './controls-editor.js';
import { ControlsSummary } from './controls-summary.js';
import { ReplayPanel } from './replay-panel.js';
import { TryItPanel } from './try-it-panel.js';

type Target = { kind: 'card'; id: string } | { kind: 'program'; id: string } | null;

/**
 * The spending rules of one card or one program's defaults: edit, try, replay over history, save.
 * Addressed by the URL (#/rules?card=… or ?program=…) so a card page links straight here.
 */
export function RulesScreen() {
  const { t } = useTranslation();
  const route = useRoute();
  const canEdit = useCan('manager');
  const programs = useProgramIndex();
  const cardParam = route.params.get('card');
  const programParam = route.params.get('program');
  const target: Target = cardParam ? { kind: 'card', id: cardParam } : programParam ? { kind: 'program', id: programParam } : null;
  const [kind, setKind] = useState<'card' | 'program'>(target?.kind ?? 'card');
  const [holder, setHolder] = useState<string | null>(null);

  const card = useQuery('card-get', target?.kind === 'card' ? { id: target.id } : null, ['card']);
  const program = useQuery('program-get', target?.kind === 'program' ? { id: target.id } : card.data ? { id: card.data.program } : null, ['program']);
  const holderCards = useQuery('card-list', holder ? { cardholder: holder, limit: 20 } : null, ['card']);
  const locations = useQuery('location-list', {}, ['location']);
  const locationNames = useMemo(() => new Map((locations.data?.data ?? []).flatMap((l) => [[l.id, l.name] as const, [l.merchant_id, l.name] as const])), [locations.data]);

  const currency = card.data?.currency ?? program.data?.currency ?? 'IDR';
  const zone = program.data?.timezone ?? DEFAULT_TIME_ZONE;
  const saved: SpendingControls | undefined = target?.kind === 'card' ? card.data?.spending_controls : target?.kind === 'program' ? program.data?.default_spending_controls : undefined;
  const savedKey = saved ? JSON.stringify(saved) : '';
  const [draft, setDraft] = useState<ControlsDraft | null>(null);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [done, setDone] = useState(false);
  const updateCard = useMutation('card-update');
  const updateProgram = useMutation('program-update');
  const saveError = updateCard.error ?? updateProgram.error;

  useEffect(() => {
    setDraft(saved ? draftFromControls(saved, currency) : null);
    setErrors(new Map());
    // `savedKey` stands for `saved`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedKey, currency]);

  const dirty = draft !== null && saved !== undefined && JSON.stringify(controlsFromDraft(draft, currency).controls) !== JSON.stringify(controlsFromDraft(draftFromControls(saved, currency), currency).controls);

  /** The draft as controls, or null with the fields marked when something typed is not valid. */
  const proposed = () => {
    if (!draft) return null;
    const { controls, problems } = controlsFromDraft(draft, currency);
    setErrors(new Map(problems.map((p) => [p.param, p.message === 'amount' ? t('counter.invalidAmount') : t('rules.editor.velocity')])));
    return problems.length ? null : controls;
  };

  const save = async () => {
    const controls = proposed();
    if (!controls || !target) return;
    setDone(false);
    const ok = target.kind === 'card' ? await updateCard.run({ id: target.id, spending_controls: controls }) : await updateProgram.run({ id: target.id, default_spending_controls: controls });
    if (ok) {
      setDone(true);
      card.reload();
      program.reload();
    }
  };

  useEffect(() => {
    if (saveError?.param) setErrors(new Map([[saveError.param, saveError.message]]));
  }, [saveError]);

  const loading = (target?.kind === 'card' && card.loading && !card.data) || (target?.kind === 'program' && program.loading && !program.data);
  const targetError = target?.kind === 'card' ? card.error : target?.kind === 'program' ? program.error : null;

  return (
    <Screen title={t('rules.title')} subtitle={t('rules.subtitle')}>
      <section className="panel panel__body" aria-labelledby="rules-target">
        <h2 id="rules-target" className="visually-hidden">
          {t('rules.target')}
        </h2>
        <div className="toolbar">
          <fieldset className="form__group">
            <legend>{t('rules.target')}</legend>
            <div className="segmented" role="group">
              <button type="button" aria-pressed={kind === 'card'} onClick={() => setKind('card')}>
                {t('rules.targetCard')}
              </button>
              <button type="button" aria-pressed={kind === 'program'} onClick={() => setKind('program')}>
                {t('rules.targetProgram')}
              </button>
            </div>
          </fieldset>
          {kind === 'program' ? (
            <Field label={t('rules.pickProgram')}>
              <select className="select" value={target?.kind === 'program' ? target.id : ''} onChange={(e) => navigate('rules', undefined, e.target.value ? { program: e.target.value } : {})}>
                <option value="">{t('cards.pickProgram')}</option>
                {programs.list.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </Field>
          ) : (
            <>
              <CardholderPicker label={t('rules.pickCard')} placeholder={t('transactions.filters.searchPlaceholder')} onPick={(h) => setHolder(h.id)} />
              {holder && holderCards.data ? (
                <Field label={t('rules.pickCard')}>
                  <select className="select" value={target?.kind === 'card' ? target.id : ''} onChange={(e) => e.target.value && navigate('rules', undefined, { card: e.target.value })}>
                    <option value="">{t('rules.pickCardHint')}</option>
                    {holderCards.data.data.map((c) => (
                      <option key={c.id} value={c.id}>
                        {t('rules.cardOf', { number: maskedNumber(c.last4), name: c.cardholder_name })} · {t(`cards.status.${c.status}`)}
                      </option>
                    ))}
                  </select>
                </Field>
              ) : null}
            </>
          )}
        </div>
        {target?.kind === 'card' && card.data ? (
          <p className="cell-strong" data-testid="rules-target">
            {t('rules.cardOf', { number: maskedNumber(card.data.last4), name: card.data.cardholder_name })} · {program.data?.name}
          </p>
        ) : null}
        {target?.kind === 'program' ? <p className="muted">{t('rules.programNote')}</p> : null}
      </section>

      {!target ? <div className="panel"><EmptyState icon="rules" title={t('rules.chooseTarget')} /></div> : null}
      {loading ? <Loading /> : null}
      {targetError ? <ErrorNotice error={targetError} /> : null}

      {target && draft && saved ? (
        <div className="split split--rules">
          <section className="panel panel__body form" aria-labelledby="rules-editor-title">
            <h2 id="rules-editor-title">{t('rules.title')}</h2>
            {!canEdit ? (
              <>
                <p className="notice notice--info">{t('rules.cashierNote')}</p>
                <ControlsSummary controls={saved} currency={currency} locationNames={locationNames} />
              </>
            ) : (
              <>
                {done && !dirty ? <SuccessNotice>{t('rules.editor.saved')}</SuccessNotice> : null}
                {saveError && !saveError.param ? <ErrorNotice error={saveError} /> : null}
                <ControlsEditor
                  draft={draft}
                  onChange={(next) => {
                    setDraft(next);
                    setDone(false);
                  }}
                  locations={locations.data?.data ?? []}
                  errors={errors}
                />
                <div className="form__actions">
                  {dirty ? <span className="muted">{t('rules.editor.unsaved')}</span> : null}
                  <button type="button" className="btn" onClick={() => setDraft(draftFromControls(saved, currency))} disabled={!dirty}>
                    {t('rules.editor.reset')}
                  </button>
                  <button type="button" className="btn btn--primary" onClick={() => void save()} disabled={!dirty || updateCard.pending || updateProgram.pending}>
                    {t('rules.editor.save')}
                  </button>
                </div>
              </>
            )}
          </section>
          <div className="stack">
            <TryItPanel
              card={target.kind === 'card' ? target.id : null}
              currency={currency}
              controls={proposed}
              locations={locations.data?.data ?? []}
              disabledReason={canEdit ? undefined : t('rules.tryIt.managerOnly')}
            />
            <ReplayPanel target={target.kind === 'card' ? { card: target.id } : { program: target.id }} controls={proposed} zone={zone} disabledReason={canEdit ? undefined : t('rules.replay.managerOnly')} />
          </div>
        </div>
      ) : null}
    </Screen>
  );
}
