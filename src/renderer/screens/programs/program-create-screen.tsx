import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Brand } from '../../../core/programs/brand.js';
import type { ProgramKind } from '../../../core/programs/program-kinds.js';
import { SUPPORTED_CURRENCIES } from '../../format/money.js';
import { useMutation } from '../../hooks/use-command.js';
import { useApp } from '../../state/app-store.js';
import { hrefOf, navigate } from '../../state/route.js';
import { Field, errorFor } from '../../ui/field.js';
import { Screen } from '../../ui/screen.js';
import { ErrorNotice } from '../../ui/states.js';
import { CardFace } from './card-face.js';
import { BrandEditor } from './brand-editor.js';
import { PROGRAM_KIND_OPTIONS, startingBrand, timeZoneOptions } from './program-options.js';

/** Create a program with its card design; the preview follows every keystroke. */
export function ProgramCreateScreen() {
  const { t } = useTranslation();
  const setFlash = useApp((s) => s.setFlash);
  const create = useMutation('program-create');
  const zones = useMemo(timeZoneOptions, []);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ProgramKind>('loyalty');
  const [currency, setCurrency] = useState('IDR');
  const [timezone, setTimezone] = useState('Asia/Jakarta');
  const [brand, setBrand] = useState<Brand>(startingBrand(''));
  const [brandNameEdited, setBrandNameEdited] = useState(false);

  const shownBrand: Brand = { ...brand, name: (brandNameEdited ? brand.name : name) || t('programs.brand.sample') };
  const patchBrand = (patch: Partial<Brand>) => setBrand((b) => ({ ...b, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const program = await create.run({
      name,
      kind,
      currency,
      timezone,
      brand: {
        name: (brandNameEdited ? brand.name : name).trim() || undefined,
        primary_color: brand.primary_color.toUpperCase(),
        secondary_color: brand.secondary_color.toUpperCase(),
        text_color: brand.text_color.toUpperCase(),
        logo: brand.logo,
        logo_position: brand.logo_position,
      },
    });
    if (program) {
      setFlash(t('programs.created', { name: program.name }));
      navigate('programs');
    }
  };

  const err = create.error;
  return (
    <Screen title={t('programs.createTitle')} subtitle={t('programs.createSubtitle')}>
      <div className="split">
        <form className="panel panel__body form" onSubmit={submit} noValidate aria-label={t('programs.createTitle')}>
          {err ? <ErrorNotice error={err} /> : null}
          <Field label={t('programs.fields.name')} error={errorFor(err, 'name')}>
            <input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('programs.fields.namePlaceholder')} autoComplete="off" required maxLength={100} autoFocus />
          </Field>
          <div className="form__row">
            <Field label={t('programs.fields.kind')} hint={t(`programs.kindHints.${kind}`)} error={errorFor(err, 'kind')}>
              <select className="select" value={kind} onChange={(e) => setKind(e.target.value as ProgramKind)}>
                {PROGRAM_KIND_OPTIONS.map((k) => (
                  <option key={k} value={k}>
                    {t(`programs.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('programs.fields.currency')} error={errorFor(err, 'currency')}>
              <select className="select" value={currency} onChange={(e) => setCurrency(e.target.value)}>
                {SUPPORTED_CURRENCIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('programs.fields.timezone')} hint={t('programs.fields.timezoneHint')} error={errorFor(err, 'timezone')}>
              <select className="select" value={timezone} onChange={(e) => setTimezone(e.target.value)}>
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            </Field>
          </div>

          <BrandEditor
            brand={brand}
            onChange={patchBrand}
            nameValue={brandNameEdited ? brand.name : name}
            onNameChange={(value) => {
              setBrandNameEdited(true);
              patchBrand({ name: value });
            }}
            error={err}
          />

          <div className="form__actions">
            <a className="btn" href={hrefOf('programs')}>
              {t('common.cancel')}
            </a>
            <button type="submit" className="btn btn--primary" disabled={create.pending}>
              {create.pending ? t('common.saving') : t('common.create')}
            </button>
          </div>
        </form>

        <aside className="panel panel__body preview sticky" aria-label={t('programs.preview')}>
          <h2>{t('programs.preview')}</h2>
          <CardFace brand={shownBrand} text={{ kindLabel: t(`programs.kinds.${kind}`), cardholderName: t('programs.sampleHolder'), last4: '4242', expiry: '12/30' }} />
          <p className="preview__caption">{t('programs.previewCaption')}</p>
        </aside>
      </div>
    </Screen>
  );
}

