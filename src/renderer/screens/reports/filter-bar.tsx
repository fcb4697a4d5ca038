import { useTranslation } from 'react-i18next';
import type { Program } from '../../../core/programs/program.js';
import { useQuery } from '../../hooks/use-command.js';
import { Field } from '../../ui/field.js';
import { CardFilter } from './card-filter.js';
import type { ReportParams } from './use-report-filters.js';

/**
 * Dates, program, branch, tier and card. A tier belongs to one program, so the tier list needs a
 * program; choosing a card chooses its program; changing the program drops a card or tier of
 * another program.
 */
export function FilterBar({
  params,
  update,
  from,
  to,
  programId,
  programs,
  mixed,
}: {
  params: ReportParams;
  update(patch: Partial<ReportParams>): void;
  from: string;
  to: string;
  programId: string;
  programs: readonly Program[];
  mixed: boolean;
}) {
  const { t } = useTranslation();
  const locations = useQuery('location-list', {}, ['location']);
  const tiers = useQuery('tier-list', programId ? { program: programId } : null, ['rewards']);
  const tierList = programId ? (tiers.data?.data ?? []) : [];
  const programName = (id: string) => programs.find((p) => p.id === id)?.name ?? id;

  return (
    <div className="panel panel__body">
      <form className="toolbar report-filters" aria-label={t('reports.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('reports.from')}>
          <input className="input" type="date" value={from} max={to} onChange={(e) => e.target.value && update({ from: e.target.value, to })} />
        </Field>
        <Field label={t('reports.to')}>
          <input className="input" type="date" value={to} min={from} onChange={(e) => e.target.value && update({ from, to: e.target.value })} />
        </Field>
        <Field label={t('reports.program')}>
          <select className="select" value={programId} onChange={(e) => update({ program: e.target.value || null, card: null, tier: null })}>
            {mixed ? null : <option value="">{t('reports.allPrograms')}</option>}
            {programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        {(locations.data?.data.length ?? 0) > 0 ? (
          <Field label={t('reports.branch')} optional>
            <select className="select" value={params.branch ?? ''} onChange={(e) => update({ branch: e.target.value || null })}>
              <option value="">{t('reports.allBranches')}</option>
              {(locations.data?.data ?? []).map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label={t('reports.tier')} optional hint={programId ? (tierList.length === 0 && tiers.data ? t('reports.noTiers') : undefined) : t('reports.tierNeedsProgram')}>
          <select className="select" value={params.tier ?? ''} disabled={!programId || tierList.length === 0} onChange={(e) => update({ tier: e.target.value || null })}>
            <option value="">{t('reports.allTiers')}</option>
            {tierList.map((tier) => (
              <option key={tier.id} value={tier.id}>
                {tier.name}
                {tier.status === 'archived' ? ` (${t('reports.archived')})` : ''}
              </option>
            ))}
          </select>
        </Field>
        <CardFilter
          program={programId || null}
          card={params.card}
          programName={programName}
          onChange={(card) => (card ? update({ card: card.id, program: card.program, tier: card.program === programId ? params.tier : null }) : update({ card: null }))}
        />
      </form>
    </div>
  );
}
