import { useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Brand } from '../../../core/programs/brand.js';
import type { ClientError } from '../../client/kartu-client.js';
import { Field, errorFor } from '../../ui/field.js';
import { LOGO_POSITION_OPTIONS } from './program-options.js';

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

interface Props {
  brand: Brand;
  onChange(patch: Partial<Brand>): void;
  /** The name shown in the field (a new program's card name follows the program name until edited). */
  nameValue: string;
  onNameChange(value: string): void;
  error: ClientError | null;
  /** The engine's param prefix: 'brand' for a program, 'face' for a design. */
  param?: string;
}

/** The card designer's fields: name on the card, three colours, the logo and where it sits. */
export function BrandEditor({ brand, onChange, nameValue, onNameChange, error, param = 'brand' }: Props) {
  const { t } = useTranslation();
  const fileRef = useRef<HTMLInputElement>(null);
  const [logoError, setLogoError] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const err = (field: string) => errorFor(error, `${param}.${field}`);

  const onLogo = async (file: File | undefined) => {
    setLogoError(null);
    if (!file) return;
    try {
      onChange({ logo: await readAsDataUrl(file) });
      setFileName(file.name);
    } catch {
      setLogoError(t('programs.brand.logoReadError'));
    }
  };

  return (
    <fieldset className="form__group">
      <legend>{t('programs.brand.legend')}</legend>
      <Field label={t('programs.brand.name')} error={err('name')}>
        <input className="input" value={nameValue} onChange={(e) => onNameChange(e.target.value)} maxLength={40} autoComplete="off" />
      </Field>
      <div className="form__row">
        <ColorField label={t('programs.brand.primary')} value={brand.primary_color} onChange={(v) => onChange({ primary_color: v })} error={err('primary_color')} />
        <ColorField label={t('programs.brand.secondary')} value={brand.secondary_color} onChange={(v) => onChange({ secondary_color: v })} error={err('secondary_color')} />
        <ColorField label={t('programs.brand.text')} value={brand.text_color} onChange={(v) => onChange({ text_color: v })} error={err('text_color')} />
      </div>
      <div className="form__row">
        <Field label={t('programs.brand.logo')} hint={t('programs.brand.logoHint')} error={logoError ?? err('logo')} optional>
          <LogoPicker inputRef={fileRef} fileName={brand.logo ? fileName : null} hasLogo={Boolean(brand.logo)} onFile={(file) => void onLogo(file)} />
        </Field>
        <Field label={t('programs.brand.logoPosition')} error={err('logo_position')}>
          <select className="select" value={brand.logo_position} onChange={(e) => onChange({ logo_position: e.target.value as Brand['logo_position'] })}>
            {LOGO_POSITION_OPTIONS.map((p) => (
              <option key={p} value={p}>
                {t(`programs.brand.positions.${p}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {brand.logo ? (
        <div>
          <button
            type="button"
            className="btn btn--small"
            onClick={() => {
              onChange({ logo: null });
              setFileName(null);
              if (fileRef.current) fileRef.current.value = '';
            }}
          >
            {t('programs.brand.logoRemove')}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}

interface LogoPickerProps {
  inputRef: RefObject<HTMLInputElement | null>;
  fileName: string | null;
  hasLogo: boolean;
  onFile(file: File | undefined): void;
  /** From Field: the hidden input keeps the field's label, hint and error. */
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/**
 * The browser's own file input says "Choose File / No file chosen" in the computer's language,
 * not Kartu's: a button and a line of text in the app's language stand in for it.
 */
function LogoPicker({ inputRef, fileName, hasLogo, onFile, id, ...aria }: LogoPickerProps) {
  const { t } = useTranslation();
  return (
    <div className="file-pick">
      <label className="btn btn--small file-pick__button">
        <input ref={inputRef} id={id} {...aria} className="visually-hidden" type="file" accept="image/png,image/svg+xml" onChange={(e) => onFile(e.target.files?.[0])} />
        {t('programs.brand.logoChoose')}
      </label>
      <span className="muted file-pick__name">{fileName ?? (hasLogo ? t('programs.brand.logoSet') : t('programs.brand.logoNone'))}</span>
    </div>
  );
}

function ColorField({ label, value, onChange, error }: { label: string; value: string; onChange(value: string): void; error?: string | undefined }) {
  return (
    <Field label={label} hint={<span className="mono">{value}</span>} error={error}>
      <input className="input input--color" type="color" value={value.toLowerCase()} onChange={(e) => onChange(e.target.value.toUpperCase())} />
    </Field>
  );
}
