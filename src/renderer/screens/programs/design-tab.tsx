import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Brand } from '../../../core/programs/brand.js';
import type { Program } from '../../../core/programs/program.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { Field, errorFor } from '../../ui/field.js';
import { ErrorNotice, SuccessNotice } from '../../ui/states.js';
import { BrandEditor } from './brand-editor.js';
import { CardFace } from './card-face.js';

/**
 * The card designer on a program: every change is drawn at once on the preview; Save applies it to
 * the program, or it is kept as another design (a seasonal edition) cards can be issued with.
 */
export function DesignTab({ program, canEdit, onSaved }: { program: Program; canEdit: boolean; onSaved(): void }) {
  const { t } = useTranslation();
  const [brand, setBrand] = useState<Brand>(program.brand);
  const [designName, setDesignName] = useState('');
  const [makeDefault, setMakeDefault] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const update = useMutation('program-update');
  const createDesign = useMutation('design-create');
  const designs = useQuery('design-list', { program: program.id }, ['program']);
  const dirty = JSON.stringify(brand) !== JSON.stringify(program.brand);
  const patch = (p: Partial<Brand>) => {
    setBrand((b) => ({ ...b, ...p }));
    setDone(null);
  };

  const save = async () => {
    const result = await update.run({ id: program.id, brand });
    if (result) {
      setDone(t('programDetail.design.saved'));
      onSaved();
    }
  };

  const saveAs = async () => {
    const design = await createDesign.run({ program: program.id, name: designName, face: brand, ...(makeDefault ? { is_default: true } : {}) });
    if (design) {
      setDone(t('programDetail.design.created', { name: design.name }));
      setDesignName('');
      designs.reload();
    }
  };

  return (
    <div className="split">
      <div className="stack">
        <form className="panel panel__body form" onSubmit={(e) => e.preventDefault()} aria-label={t('programDetail.tabs.design')}>
          {done ? <SuccessNotice>{done}</SuccessNotice> : null}
          {update.error && !update.error.param ? <ErrorNotice error={update.error} /> : null}
          <fieldset className="controls-editor" disabled={!canEdit}>
            <BrandEditor brand={brand} onChange={patch} nameValue={brand.name} onNameChange={(name) => patch({ name })} error={update.error ?? createDesign.error} />
          </fieldset>
          {canEdit ? (
            <div className="form__actions">
              <button type="button" className="btn" onClick={() => setBrand(program.brand)} disabled={!dirty}>
                {t('rules.editor.reset')}
              </button>
              <button type="button" className="btn btn--primary" onClick={() => void save()} disabled={!dirty || update.pending}>
                {t('programDetail.design.save')}
              </button>
            </div>
          ) : null}
        </form>
        <section className="panel panel__body" aria-labelledby="designs-title">
          <h2 id="designs-title">{t('programDetail.design.designs')}</h2>
          <p className="muted">{t('programDetail.design.designsHint')}</p>
          {designs.error ? <ErrorNotice error={designs.error} onRetry={designs.reload} /> : null}
          {(designs.data?.data.length ?? 0) === 0 ? <p className="muted">{t('programDetail.design.noDesigns')}</p> : null}
          <ul className="design-grid">
            {(designs.data?.data ?? []).map((design) => (
              <li key={design.id} className="design-grid__item">
                <CardFace className="card-face" brand={design.face} title={design.name} text={{ kindLabel: t(`programs.kinds.${program.kind}`), cardholderName: t('programs.sampleHolder'), last4: '4242', expiry: '12/30' }} />
                <span className="cell-strong">
                  {design.name} {design.is_default ? <span className="badge badge--info">{t('programDetail.design.default')}</span> : null}
                </span>
                {canEdit ? (
                  <button type="button" className="btn btn--small" onClick={() => patch(design.face)}>
                    {t('programDetail.design.use')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          {canEdit ? (
            <div className="form">
              {createDesign.error && !createDesign.error.param?.startsWith('face') ? <ErrorNotice error={createDesign.error} /> : null}
              <div className="toolbar">
                <Field label={t('programDetail.design.designName')} error={errorFor(createDesign.error, 'name')}>
                  <input className="input" value={designName} onChange={(e) => setDesignName(e.target.value)} placeholder={t('programDetail.design.designNamePlaceholder')} maxLength={60} />
                </Field>
                <label className="check-row">
                  <input type="checkbox" checked={makeDefault} onChange={(e) => setMakeDefault(e.target.checked)} />
                  {t('programDetail.design.makeDefault')}
                </label>
                <button type="button" className="btn" onClick={() => void saveAs()} disabled={createDesign.pending || designName.trim() === ''}>
                  {t('programDetail.design.saveAs')}
                </button>
              </div>
            </div>
          ) : null}
        </section>
      </div>
      <aside className="panel panel__body preview sticky" aria-label={t('programs.preview')}>
        <h2>{t('programs.preview')}</h2>
        <CardFace brand={brand} text={{ kindLabel: t(`programs.kinds.${program.kind}`), cardholderName: t('programs.sampleHolder'), last4: '4242', expiry: '12/30' }} />
        <p className="preview__caption">{t('programs.previewCaption')}</p>
      </aside>
    </div>
  );
}
