import { SuccessNotice } from '../../ui/states.js';

/** What the last action in a panel did, under the panel's header; nothing before the first one. */
export function DoneNotice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="panel__body">
      <SuccessNotice>{text}</SuccessNotice>
    </div>
  );
}
