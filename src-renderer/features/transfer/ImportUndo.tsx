// Undoing a real run from its report: "Undo this import" asks first (what
// goes to the trash, that records it updated keep their changes), then moves
// the records the import created, and the accounts it created for company
// names, to the trash with a progress bar (import.didUndoProgress), and says
// how many went. "Bring them back" takes exactly those out of the trash again.
// An import undone earlier (its report shown again) offers the way back at once.
// One whose undo or restore stopped part way (a lock) offers both ways, and
// finishing the undo asks first, as the undo did.
// Where a move stands is said politely, as the import's progress is: the
// phase, then every tenth of the records. An undo started from a page since
// left shows running in the recent imports, its bar fed by the same events
// (the list reads again where it stands once it has ended). Once its records
// have gone a few seconds, it says about how long it has left (time-left.ts).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportEntity, ImportStatus, ImportUndone } from '../../../src-shared/transfer/import';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { formatNumber } from '../../ui/format';
import { LiveRegion } from '../../ui/LiveRegion';
import { ConfirmQuestion } from '../../ui/ConfirmQuestion';
import { useConfirmStep } from '../../ui/useConfirmStep';
import { wordsText, type Words } from '../../ui/words';
import { TimeLeft } from './TimeLeft';
import { undoQuestion } from './import-undo-words';
import { Pace } from './time-left';

type UndoState =
  | { readonly kind: 'idle' }
  /** Undone before, but the undo stopped part way (a lock): `left` records are still out of the trash. */
  | { readonly kind: 'partial'; readonly left: number }
  | { readonly kind: 'moving'; readonly restore: boolean; readonly done: number; readonly total: number; readonly secondsLeft: number | null }
  /** moved null: undone before this report was shown. */
  | { readonly kind: 'undone'; readonly moved: ImportUndone | null }
  | { readonly kind: 'restored'; readonly moved: ImportUndone }
  | { readonly kind: 'failed'; readonly restore: boolean; readonly message: Words };

/** The import to undo: what the question says, and whether it was undone before. */
export interface UndoTarget {
  readonly jobId: string;
  readonly entity: ImportEntity;
  readonly imported: number;
  readonly updated: number;
  /** What it created (the recent imports read it); null when not known (a report has only its counters). */
  readonly created: { readonly contacts: number; readonly accounts: number } | null;
  readonly undoneAt: number | null;
  /** Of an undone import: its records still out of the trash (an undo stopped part way). */
  readonly left: number;
  /** Its undo or restore runs now, started elsewhere (a page since left). */
  readonly running: 'undo' | 'restore' | null;
}

/** The run a report shows, as an import to undo; null when the report offers no undo (a check, a run not ended or that created nothing). */
export function undoTargetOf(status: ImportStatus, entity: ImportEntity): UndoTarget | null {
  if (status.dryRun || status.state === 'running' || status.state === 'interrupted') return null;
  if (status.imported === 0 && status.undoneAt === null) return null;
  return { jobId: status.jobId, entity, imported: status.imported, updated: status.updated, created: null, undoneAt: status.undoneAt, left: 0, running: null };
}

/** Where an import's undo starts: running (started elsewhere), undone (part way, or all) or not. */
function initialState(job: UndoTarget): UndoState {
  if (job.running !== null) return { kind: 'moving', restore: job.running === 'restore', done: 0, total: 0, secondsLeft: null };
  if (job.undoneAt === null) return { kind: 'idle' };
  return job.left > 0 ? { kind: 'partial', left: job.left } : { kind: 'undone', moved: null };
}

/** `onUndone`: told whether the import's records are (or are being put) in the trash, as that changes. */
export function ImportUndo({ job, onUndone }: { readonly job: UndoTarget; readonly onUndone?: (undone: boolean) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { jobId } = job;
  const [state, setState] = useState<UndoState>(() => initialState(job));
  const [pace] = useState(() => new Pace());
  const moving = state.kind === 'moving';
  const step = useConfirmStep({ busy: moving });
  // Undone, or on its way there or back: only an import never undone, or restored, is as it ran.
  const inTrash = state.kind !== 'idle' && state.kind !== 'restored';
  useEffect(() => onUndone?.(inTrash), [inTrash, onUndone]);

  useEffect(
    () =>
      api.on('import.didUndoProgress', (progress) => {
        if (progress.jobId !== jobId) return;
        const { done, total } = progress;
        const secondsLeft = pace.secondsLeft(done, total, Date.now());
        setState((current) => (current.kind === 'moving' ? { ...current, done, total, secondsLeft } : current));
      }),
    [api, jobId, pace],
  );

  async function move(restore: boolean) {
    step.close();
    pace.reset();
    setState({ kind: 'moving', restore, done: 0, total: 0, secondsLeft: null });
    try {
      const moved = await api.invoke('import.undo', { jobId, restore });
      setState(restore ? { kind: 'restored', moved } : { kind: 'undone', moved });
    } catch (error) {
      setState({ kind: 'failed', restore, message: { error } });
    }
  }

  const records = (moved: ImportUndone) => {
    const contacts = t('transfer.undo.contacts', { count: moved.contacts });
    const accounts = t('transfer.undo.accounts', { count: moved.accounts });
    if (moved.accounts === 0) return contacts;
    return moved.contacts === 0 ? accounts : t('transfer.undo.both', { contacts, accounts });
  };
  const asked = undoQuestion(job);
  const question = t(asked.key, { count: asked.count });
  const undone = state.kind === 'undone' || (state.kind === 'failed' && state.restore) || (state.kind === 'moving' && state.restore);
  const movingText =
    state.kind !== 'moving'
      ? ''
      : t(state.restore ? 'transfer.undo.restoring' : 'transfer.undo.moving', { done: formatNumber(state.done), total: formatNumber(state.total) });
  const phase = state.kind === 'moving' ? t(state.restore ? 'transfer.undo.restoringPhase' : 'transfer.undo.movingPhase') : '';
  const announcement =
    state.kind !== 'moving' ? '' : state.total === 0 ? phase : t('a11y.importPercent', { phase, percent: Math.floor((state.done / state.total) * 10) * 10 });

  return (
    <div className="import-undo" data-testid="import-undo" aria-busy={moving}>
      <LiveRegion text={announcement} testId="import-undo-announcement" />
      {state.kind === 'moving' ? (
        <div className="progress" data-testid="import-undo-progress">
          <div
            className={state.total === 0 ? 'meter meter--indeterminate' : 'meter'}
            role="progressbar"
            aria-label={movingText}
            aria-valuemin={0}
            aria-valuemax={Math.max(state.total, 1)}
            aria-valuenow={state.done}
            aria-valuetext={movingText}
          >
            <div className="meter__fill" style={state.total === 0 ? undefined : { width: `${Math.max(5, (state.done / state.total) * 100)}%` }} />
          </div>
          <div className="progress-line">
            <span>
              <span className="tabular">{movingText}</span>
              <TimeLeft seconds={state.secondsLeft} testId="import-undo-time-left" />
            </span>
          </div>
        </div>
      ) : null}
      {state.kind === 'undone' ? (
        <Alert tone="success" testId="import-undone">
          <p>
            {state.moved === null
              ? t('transfer.undo.undoneEarlier')
              : state.moved.contacts + state.moved.accounts === 0
                ? t('transfer.undo.nothing')
                : t('transfer.undo.undone', { records: records(state.moved) })}
          </p>
          {state.moved === null || state.moved.kept === 0 ? null : <p data-testid="import-undo-kept">{t('transfer.undo.keptInUse', { count: state.moved.kept })}</p>}
        </Alert>
      ) : null}
      {state.kind === 'partial' ? (
        <Alert tone="warning" testId="import-undo-partial">
          <p>{t('transfer.undo.partial', { count: state.left })}</p>
        </Alert>
      ) : null}
      {state.kind === 'restored' ? (
        <Alert tone={state.moved.kept === 0 ? 'success' : 'warning'} testId="import-restored">
          <p>{state.moved.contacts + state.moved.accounts === 0 ? t('transfer.undo.nothingBack') : t('transfer.undo.restored', { records: records(state.moved) })}</p>
          {state.moved.kept === 0 ? null : <p data-testid="import-restore-kept">{t('transfer.undo.kept', { count: state.moved.kept })}</p>}
        </Alert>
      ) : null}
      {state.kind === 'failed' ? (
        <Alert tone="error" testId="import-undo-error">
          <p>{wordsText(state.message)}</p>
        </Alert>
      ) : null}
      {step.open ? (
        <ConfirmQuestion
          step={step}
          testId="import-undo-confirm"
          question={job.updated === 0 ? question : t('transfer.undo.questionAndKept', { question, kept: t('transfer.undo.keepUpdated', { count: job.updated }) })}
          answer={t('transfer.undo.confirmSubmit')}
          tone="danger"
          onAnswer={() => void move(false)}
        />
      ) : (
        <div className="actions">
          {/* One button for both ways, so the focus stays on it when it turns from one into the other. */}
          <button
            ref={step.opener}
            type="button"
            className="button button--secondary"
            data-testid={undone ? 'import-undo-restore' : 'import-undo-button'}
            aria-disabled={moving}
            onClick={() => {
              if (moving) return;
              if (undone) void move(true);
              else step.ask();
            }}
          >
            {moving ? <span className="spinner" aria-hidden="true" /> : null}
            {t(undone ? 'transfer.undo.restore' : state.kind === 'partial' ? 'transfer.undo.finish' : 'transfer.undo.button')}
          </button>
          {/* Stopped part way, an undo and a restore look the same: both ways are offered, and the trash one asks first
              (it was one click, and after a restore stopped by a lock it put back in the trash what the user was bringing back). */}
          {state.kind === 'partial' ? (
            <button type="button" className="button button--secondary" data-testid="import-undo-partial-restore" onClick={() => void move(true)}>
              {t('transfer.undo.restore')}
            </button>
          ) : null}
        </div>
      )}
    </div>
  );
}
