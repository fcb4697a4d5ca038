import { useState, type ReactNode } from 'react';
import type { ClientError } from '../client/kartu-client.js';
import type { IconName } from './icons.js';
import { ListTable, type ListTabState } from './list-table.js';
import { Modal } from './modal.js';
import { NewButton } from './new-button.js';
import { EmptyState, ErrorNotice, SuccessNotice } from './states.js';

export { pagedState, queryState, type ListTabState } from './list-table.js';

export interface ListTabCreate {
  /** The "new" button's label. */
  label: string;
  /** The form dialog's title. */
  title: string;
  /** The success message once `name` was created. */
  created(name: string): string;
  /** The form; it calls onDone with the new row's name, or onCancel. */
  form(props: { onDone(name: string): void; onCancel(): void }): ReactNode;
}

interface ListTabProps {
  state: ListTabState;
  /** Text left of the "new" button (the tab's explanation); without it the button stands alone. */
  intro?: ReactNode;
  /** Absent when the signed-in role may not add rows. */
  create?: ListTabCreate | undefined;
  /** The error of a row action (archive, pause...). */
  actionError?: ClientError | null;
  empty: { icon: IconName; title: string };
  /** The table's (visually hidden) caption. */
  caption: string;
  /** The header cells. */
  head: ReactNode;
  /** The hidden heading of a last column of row buttons, when the role has some. */
  actionsLabel?: string | undefined;
  /** Column count, for the skeleton rows of a paged list. */
  columns: number;
  /** The rows. */
  children: ReactNode;
}

/**
 * The body of a tab that lists rows and adds them with a form in a dialog (earning rules, tiers,
 * branches, campaigns, the rewards catalogue): the "new" button, the success and error notices,
 * the loading, empty and error states, the table, and the form's dialog.
 */
export function ListTab({ state, intro, create, actionError, empty, caption, head, actionsLabel, columns, children }: ListTabProps) {
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const newButton = create ? <NewButton label={create.label} onClick={() => setCreating(true)} /> : null;
  return (
    <div className="stack">
      {intro ? (
        <div className="toolbar toolbar--between">
          {intro}
          {newButton}
        </div>
      ) : (
        <div className="row-actions">{newButton}</div>
      )}
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
      {actionError ? <ErrorNotice error={actionError} /> : null}
      <ListTable
        state={state}
        empty={
          <div className="panel">
            <EmptyState icon={empty.icon} title={empty.title} action={newButton ?? undefined} />
          </div>
        }
        caption={caption}
        head={head}
        actionsLabel={actionsLabel}
        columns={columns}
      >
        {children}
      </ListTable>
      {create ? (
        <Modal open={creating} title={create.title} onClose={() => setCreating(false)}>
          {create.form({
            onCancel: () => setCreating(false),
            onDone: (name) => {
              setCreating(false);
              setDone(create.created(name));
              state.reload();
            },
          })}
        </Modal>
      ) : null}
    </div>
  );
}
