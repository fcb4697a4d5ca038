import { Icon } from './icons.js';

/** The primary "add one" button of a list (new rule, new key, new staff member...). */
export function NewButton({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <button type="button" className="btn btn--primary" onClick={onClick}>
      <Icon name="plus" className="" size={16} />
      {label}
    </button>
  );
}
