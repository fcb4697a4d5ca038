import { useTranslation } from 'react-i18next';
import type { Interval } from '../../../core/controls/spending-controls.js';
import type { Location } from '../../../core/programs/location-handlers.js';
import { Field } from '../../ui/field.js';
import type { ControlsDraft } from './controls-draft.js';

// Kept here (not imported from the core's schema module, which would pull zod and the MCC file into the page).
const INTERVALS = ['per_authorization', 'daily', 'weekly', 'monthly', 'yearly', 'all_time'] as const satisfies readonly Interval[];
const VELOCITY = ['hourly', 'daily', 'weekly', 'monthly'] as const;

interface Props {
  draft: ControlsDraft;
  onChange(draft: ControlsDraft): void;
  locations: Location[];
  /** Field errors by the engine's param name. */
  errors: Map<string, string>;
  disabled?: boolean;
}

/** Every spending control as a field: limits, categories, countries, merchants, branches, frequency. */
export function ControlsEditor({ draft, onChange, locations, errors, disabled }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<ControlsDraft>) => onChange({ ...draft, ...patch });
  const err = (param: string) => errors.get(`spending_controls.${param}`);
  return (
    <fieldset className="controls-editor" disabled={disabled}>
      <legend className="visually-hidden">{t('rules.title')}</legend>
      <div className="stack stack--tight">
        <h3 className="detail__subtitle">{t('rules.editor.limits')}</h3>
        {draft.limits.map((limit, i) => (
          <div key={i} className="limit-row">
            <Field label={t('rules.editor.amount')} error={err(`spending_limits.${i}.amount`)}>
              <input className="input mono" inputMode="numeric" value={limit.amount} onChange={(e) => set({ limits: draft.limits.map((l, j) => (j === i ? { ...l, amount: e.target.value } : l)) })} />
            </Field>
            <Field label={t('rules.editor.interval')}>
              <select className="select" value={limit.interval} onChange={(e) => set({ limits: draft.limits.map((l, j) => (j === i ? { ...l, interval: e.target.value as (typeof INTERVALS)[number] } : l)) })}>
                {INTERVALS.map((interval) => (
                  <option key={interval} value={interval}>
                    {t(`rules.editor.intervals.${interval}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('rules.editor.categories')} error={err(`spending_limits.${i}.categories`)} optional>
              <input className="input" value={limit.categories} onChange={(e) => set({ limits: draft.limits.map((l, j) => (j === i ? { ...l, categories: e.target.value } : l)) })} />
            </Field>
            <button type="button" className="btn btn--small btn--ghost danger-text limit-row__remove" onClick={() => set({ limits: draft.limits.filter((_, j) => j !== i) })}>
              {t('rules.editor.remove')}
            </button>
          </div>
        ))}
        <div>
          <button type="button" className="btn btn--small" onClick={() => set({ limits: [...draft.limits, { amount: '', interval: 'per_authorization', categories: '' }] })}>
            {t('rules.editor.addLimit')}
          </button>
        </div>
        <p className="field__hint">{t('rules.editor.categoriesHint')}</p>
      </div>

      <div className="form__row">
        <Field label={t('rules.editor.allowedCategories')} hint={t('rules.editor.listHint')} error={err('allowed_categories')} optional>
          <input className="input" value={draft.allowedCategories} onChange={(e) => set({ allowedCategories: e.target.value })} />
        </Field>
        <Field label={t('rules.editor.blockedCategories')} hint={t('rules.editor.listHint')} error={err('blocked_categories')} optional>
          <input className="input" value={draft.blockedCategories} onChange={(e) => set({ blockedCategories: e.target.value })} />
        </Field>
      </div>
      <div className="form__row">
        <Field label={t('rules.editor.allowedCountries')} hint={t('rules.editor.countriesHint')} error={err('allowed_countries')} optional>
          <input className="input mono" value={draft.allowedCountries} onChange={(e) => set({ allowedCountries: e.target.value })} />
        </Field>
        <Field label={t('rules.editor.blockedCountries')} hint={t('rules.editor.countriesHint')} error={err('blocked_countries')} optional>
          <input className="input mono" value={draft.blockedCountries} onChange={(e) => set({ blockedCountries: e.target.value })} />
        </Field>
      </div>
      <Field label={t('rules.editor.allowedMerchants')} hint={t('rules.editor.listHint')} error={err('allowed_merchants')} optional>
        <input className="input mono" value={draft.allowedMerchants} onChange={(e) => set({ allowedMerchants: e.target.value })} />
      </Field>
      {locations.length > 0 ? (
        <fieldset className="form__group">
          <legend>{t('rules.editor.allowedLocations')}</legend>
          <div className="check-grid">
            {locations.map((loc) => {
              // Rules may name a branch by its location id or its merchant id.
              const checked = draft.allowedLocations.includes(loc.id) || draft.allowedLocations.includes(loc.merchant_id);
              return (
                <label key={loc.id} className="check-row">
                  <input
                    type="checkbox"
                    checked={checked}
                    onChange={() =>
                      set({ allowedLocations: checked ? draft.allowedLocations.filter((x) => x !== loc.id && x !== loc.merchant_id) : [...draft.allowedLocations, loc.merchant_id] })
                    }
                  />
                  {loc.name}
                </label>
              );
            })}
          </div>
          {draft.allowedLocations.length === 0 ? <p className="field__hint">{t('rules.editor.allBranches')}</p> : null}
        </fieldset>
      ) : null}

      <div className="stack stack--tight">
        <h3 className="detail__subtitle">{t('decisions.rules.velocity_limit')}</h3>
        {draft.velocity.map((v, i) => (
          <div key={i} className="limit-row limit-row--velocity">
            <Field label={t('rules.editor.velocity')} error={err(`velocity_limits.${i}.count`)}>
              <input className="input mono" inputMode="numeric" value={v.count} onChange={(e) => set({ velocity: draft.velocity.map((x, j) => (j === i ? { ...x, count: e.target.value } : x)) })} />
            </Field>
            <Field label={t('rules.editor.velocityTimes')}>
              <select className="select" value={v.interval} onChange={(e) => set({ velocity: draft.velocity.map((x, j) => (j === i ? { ...x, interval: e.target.value as (typeof VELOCITY)[number] } : x)) })}>
                {VELOCITY.map((interval) => (
                  <option key={interval} value={interval}>
                    {t(`rules.editor.velocityIntervals.${interval}`)}
                  </option>
                ))}
              </select>
            </Field>
            <button type="button" className="btn btn--small btn--ghost danger-text limit-row__remove" onClick={() => set({ velocity: draft.velocity.filter((_, j) => j !== i) })}>
              {t('rules.editor.remove')}
            </button>
          </div>
        ))}
        <div>
          <button type="button" className="btn btn--small" onClick={() => set({ velocity: [...draft.velocity, { count: '', interval: 'daily' }] })}>
            {t('rules.editor.addVelocity')}
          </button>
        </div>
      </div>
      <label className="check-row">
        <input type="checkbox" checked={draft.singleUse} onChange={(e) => set({ singleUse: e.target.checked })} />
        {t('rules.editor.singleUse')}
      </label>
      <label className="check-row">
        <input type="checkbox" checked={draft.merchantLock} onChange={(e) => set({ merchantLock: e.target.checked })} />
        {t('rules.editor.merchantLock')}
      </label>
    </fieldset>
  );
}
