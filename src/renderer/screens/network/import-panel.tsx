import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../client/client-context.js';
import { toClientError, type ClientError, type Output } from '../../client/kartu-client.js';
import { ErrorNotice, SuccessNotice } from '../../ui/states.js';
import { fileKind, MAX_FILE_BYTES, problemsOf, PROBLEMS_SHOWN, type FileProblem } from './file-problems.js';

export type SettlementImport = Output<'settlement-import'>;

type Outcome =
  | { kind: 'imported'; name: string; result: SettlementImport }
  | { kind: 'refused'; name: string; rows: 'csv' | 'sandbox'; problems: FileProblem[] }
  | { kind: 'message'; text: string }
  | { kind: 'error'; error: ClientError };

/**
 * A file picker for the network's settlement file. The file is read here and sent whole: the core
 * checks every row first and refuses the file with every bad row named (by line in a CSV, by record
 * in the sandbox JSON), so the person fixes them all at once; nothing is written until all are good.
 */
export function ImportPanel({ onImported }: { onImported(result: SettlementImport): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [reading, setReading] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const importFile = async (file: File) => {
    setOutcome(null);
    if (file.size === 0) return setOutcome({ kind: 'message', text: t('network.import.emptyFile', { name: file.name }) });
    if (file.size > MAX_FILE_BYTES) return setOutcome({ kind: 'message', text: t('network.import.tooLarge', { name: file.name }) });
    setReading(file.name);
    let content = '';
    try {
      content = await file.text();
      const result = await client.call('settlement-import', { content });
      setOutcome({ kind: 'imported', name: file.name, result });
      onImported(result);
    } catch (caught) {
      const error = toClientError(caught);
      const problems = error.code === 'settlement_file_invalid' ? problemsOf(error.details) : [];
      if (problems.length > 0) {
        setOutcome({ kind: 'refused', name: file.name, rows: fileKind(content), problems });
      } else if (error.code === 'body_too_large') {
        // The browser's way in (the host's RPC) takes 1 MB; the command line and the API take more.
        setOutcome({ kind: 'message', text: t('network.import.tooLargeHere') });
      } else {
        setOutcome({ kind: 'error', error });
      }
    } finally {
      setReading(null);
    }
  };

  return (
    <section className="panel panel__body stack" aria-labelledby="import-title">
      <div>
        <h2 id="import-title">{t('network.import.title')}</h2>
        <p className="muted">{t('network.import.text')}</p>
        <p className="muted">{t('network.import.allOrNothing')}</p>
      </div>
      <div>
        <label className={reading ? 'btn btn--primary network-file network-file--busy' : 'btn btn--primary network-file'}>
          <input
            type="file"
            className="visually-hidden"
            accept=".csv,.json,text/csv,application/json"
            disabled={reading !== null}
            data-testid="settlement-file-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              // Cleared at once, so choosing the same file again (after fixing it) imports it again.
              event.target.value = '';
              if (file) void importFile(file);
            }}
          />
          {reading ? t('network.import.importing', { name: reading }) : t('network.import.choose')}
        </label>
      </div>
      <div aria-live="polite">{outcome ? <OutcomeView outcome={outcome} /> : null}</div>
    </section>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (outcome.kind === 'message') {
    return (
      <p className="notice notice--error" role="alert">
        {outcome.text}
      </p>
    );
  }
  if (outcome.kind === 'error') return <ErrorNotice error={outcome.error} />;
  if (outcome.kind === 'imported') {
    const r = outcome.result;
    return (
      <SuccessNotice>
        <p data-testid="import-result">
          {r.duplicate
            ? t('network.import.duplicate', { name: outcome.name })
            : t('network.import.done', { name: outcome.name, records: r.records, matched: r.matched, captured: r.captured, exceptions: r.exceptions })}
        </p>
        {r.skipped ? <p>{t('network.import.skipped', { count: r.skipped })}</p> : null}
      </SuccessNotice>
    );
  }
  const rest = outcome.problems.length - PROBLEMS_SHOWN;
  return (
    <div className="notice notice--error" role="alert" data-testid="import-problems">
      <div className="notice__body">
        <p className="notice__title">{t('network.import.refused', { name: outcome.name, count: outcome.problems.length })}</p>
        <ul className="network-problems">
          {outcome.problems.slice(0, PROBLEMS_SHOWN).map((p, index) => (
            <li key={`${p.line}-${p.column ?? ''}-${index}`}>
              <span className="cell-strong">{outcome.rows === 'csv' ? t('network.import.line', { line: p.line }) : t('network.import.record', { line: p.line })}</span>
              {p.column ? <span className="mono"> · {p.column}</span> : null}: {p.message}
            </li>
          ))}
        </ul>
        {rest > 0 ? <p>{t('network.import.more', { count: rest })}</p> : null}
      </div>
    </div>
  );
}
