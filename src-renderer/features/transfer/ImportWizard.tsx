// The import wizard: choose contacts or accounts and a CSV or vCard file;
// the file is read here and sent in chunks; then match the columns (CSV),
// look at the preview, choose what rows matching existing records become
// (skipped, merged into the record, or imported anyway), check it with a dry run or import it with a progress
// bar (shown once the job has run for a moment: a quick one goes straight to
// its report); finally the report lists every rejected row with its reason
// (and, after a real CSV run, offers them as a file to fix and import again).
// While a real run's report is shown, the file picker gives way to the
// report's "Import another file" (which brings it back, focused), so the
// report, with the way to the imported records, is what the page starts with.
// A vCard file is counted and previewed by its cards, with only the fields
// its previewed cards fill (a CSV shows the fields its columns are mapped to).
// An import or check still running when the page opens (started before it
// was left) shows its progress, Stop and then its report, as if started here;
// a real import that ended while the page was away shows its report, with its
// rejected rows to download (import-draft.tsx: `unreported`).
// A check's report, or a failed run's message, says what the choices of its
// time gave: changing the mapping, the duplicates choice or "create accounts"
// takes it away (Check again says what the new ones give), here and in the
// draft a page opened again shows; while a job runs the choices are locked.
// The page starts on the list it was opened for (an empty Accounts list's
// Import: accounts), unless it goes on with a kept file or a run of its own.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ChangeEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  accountImportFields,
  contactImportFields,
  type ColumnMapping,
  type FileProblem,
  type ImportDuplicates,
  type ImportEntity,
  type ImportPreview,
} from '../../../src-shared/transfer/import';
import { BridgeError } from '../../api/errors';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { formatNumber } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { LiveRegion } from '../../ui/LiveRegion';
import { localText } from '../../ui/reason-text';
import { useShownAfter } from '../../ui/useShownAfter';
import { wordsText, type Words } from '../../ui/words';
import { ImportProgressPanel } from './ImportProgressPanel';
import { ImportReport } from './ImportReport';
import { ImportRunButtons } from './ImportRunButtons';
import { ImportPicker } from './ImportPicker';
import { DuplicatesChoice } from './DuplicatesChoice';
import { DownloadRejectedButton, ImportReportActions } from './ImportReportActions';
import { InterruptedNotice } from './InterruptedNotice';
import { MappingTable } from './MappingTable';
import { PreviewTable } from './PreviewTable';
import { RecentImports } from './RecentImports';
import { useImportDraft, useKeepDraft, useOpeningRun, type Uploaded } from './import-draft';
import { FileTooLargeError } from './upload';
import { UploadProgress } from './UploadProgress';
import { runningText, useImportJob } from './useImportJob';
import { useInterruptedImport } from './useInterruptedImport';
import { useReportResume } from './useReportResume';
import { useRejectedRowsDownload } from './useRejectedRowsDownload';
import { useSentFile } from './useSentFile';
import { usePreviewSyncedOut, withoutRecords } from './usePreviewSyncedOut';

type Stage =
  | { readonly kind: 'pick'; readonly error: Words | null }
  | { readonly kind: 'uploading'; readonly name: string; readonly sent: number; readonly size: number }
  | {
      readonly kind: 'ready';
      readonly file: Uploaded;
      readonly preview: ImportPreview;
      readonly mapping: ColumnMapping;
      readonly busy: boolean;
      /** A re-mapping that failed; the file, preview and last good mapping stay. */
      readonly error: Words | null;
    };

/** A file problem in the UI's language (its code is its reason). */
function fileProblemText(problem: FileProblem): string {
  return localText(problem.message, [{ code: 'file_problem', problem: problem.code, line: problem.line, row: problem.row }]);
}

/** A file's size: bytes under 1 KB (a 24-byte file is not "1 KB"), then KB, then MB. */
function sizeText(bytes: number, t: TFunction): string {
  if (bytes < 1024) return t('transfer.bytes', { count: bytes });
  return bytes < 1024 * 1024 ? `${formatNumber(Math.ceil(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `initialEntity`: the list a page with no file or run to go on with starts on. */
export function ImportWizard({ initialEntity = 'contacts' }: { readonly initialEntity?: ImportEntity }) {
  const { t } = useTranslation();
  const api = useApi();
  const job = useImportJob();
  const rejectedRows = useRejectedRowsDownload();
  // Opened again, the page goes on with the file and choices it was left with (import-draft.tsx).
  const draft = useImportDraft();
  const [kept] = useState(() => draft.current);
  // A real import the page was left while it ran: followed, or its report shown, with its file (below).
  const [left] = useState(() => (kept === null ? draft.unreported : null));
  const [entity, setEntity] = useState<ImportEntity>(kept?.entity ?? left?.entity ?? initialEntity);
  const [stage, setStage] = useState<Stage>(() => {
    const sending = draft.upload.current();
    if (sending.kind === 'uploading') return sending;
    const ready = kept ?? left?.ready ?? null;
    return ready === null ? { kind: 'pick', error: null } : { kind: 'ready', file: ready.file, preview: ready.preview, mapping: ready.mapping, busy: kept !== null, error: null };
  });
  const [duplicates, setDuplicates] = useState<ImportDuplicates>(kept?.duplicates ?? 'skip');
  const [createAccounts, setCreateAccounts] = useState(kept?.createAccounts ?? true);
  const startAfresh = useCallback(() => setStage({ kind: 'pick', error: null }), []);
  // An import started from this page before it was left runs on: followed to its end as if started here (the
  // list chosen for the next file is its list); a real one that ended meanwhile has its report shown.
  const restoring = useOpeningRun(draft, job, left, setEntity, startAfresh);
  useKeepDraft(draft, { entity, ready: stage.kind === 'ready' && !restoring ? stage : null, duplicates, createAccounts, job: job.state });
  const fileInput = useRef<HTMLInputElement>(null);
  const chooser = useRef<HTMLButtonElement>(null);
  // Set by "Import another file": the picker it brings back takes the focus once drawn.
  const focusPicker = useRef(false);
  /** Resume pressed in a stopped import's report with the page's file: the focus goes to Import (useReportResume.ts). */
  const focusRun = useRef(false);
  // Opened again on a kept file: its preview is read again (records may have been written meanwhile, and the upload
  // may have gone after an hour unused), and the report of its newest check is shown again if it ended meanwhile
  // (one still running is followed, above).
  const restored = useRef(false);
  const { show } = job;
  useEffect(() => {
    if (kept === null || restored.current) return;
    restored.current = true;
    // A file picked since, still being sent or sent while the page was away, takes the kept one's place.
    if (draft.upload.current().kind !== 'idle') return;
    const { file, mapping } = kept;
    preview(file, file.format === 'csv' ? mapping : undefined, kept.duplicates, kept.createAccounts).catch((error: unknown) =>
      setStage(
        error instanceof BridgeError && error.code === 'NOT_FOUND'
          ? { kind: 'pick', error: { key: 'transfer.fileLetGo', params: { name: file.name } } }
          : { kind: 'ready', file, preview: kept.preview, mapping, busy: false, error: { error } },
      ),
    );
    if (kept.checkId === null) return;
    api.invoke('import.status', { jobId: kept.checkId }).then(
      (status) => {
        if (status.state !== 'running') show(file.format, status);
      },
      () => undefined,
    );
  });
  const { interrupted, resumeInput, resumeWith, resumeEnded, discard, resumed } = useInterruptedImport(job, draft.upload, chooser);

  // The preview asked for last: an earlier answer arriving after it (a mapping, then another choice) is dropped.
  const previewAsked = useRef(0);
  async function preview(file: Uploaded, mapping?: ColumnMapping, choice: ImportDuplicates = duplicates, create = createAccounts) {
    const asked = (previewAsked.current += 1);
    let answer: ImportPreview;
    try {
      answer = await api.invoke('import.preview', { uploadId: file.uploadId, format: file.format, entity, mapping, rows: 10, duplicates: choice, createAccounts: entity === 'contacts' && create });
    } catch (error) {
      if (asked === previewAsked.current) throw error;
      return;
    }
    if (asked !== previewAsked.current) return;
    setStage({ kind: 'ready', file, preview: answer, mapping: answer.mapping, busy: false, error: null });
  }

  // A record a row would update that a sync took away: the row names it no more, and the preview is asked again
  // (a check's report goes with it; a failure stays, the user having changed nothing).
  usePreviewSyncedOut(entity, stage.kind === 'ready' ? stage.preview : null, (gone) => {
    if (stage.kind !== 'ready') return;
    dropOutcome('check');
    const before = { ...stage, preview: withoutRecords(stage.preview, gone) };
    setStage({ ...before, busy: true, error: null });
    preview(before.file, before.file.format === 'csv' ? before.mapping : undefined).catch((error: unknown) => setStage({ ...before, busy: false, error: { error } }));
  });

  function pick(event: ChangeEvent<HTMLInputElement>) {
    const picked = event.target.files?.[0];
    event.target.value = '';
    if (picked === undefined) return;
    job.reset();
    // A preview on its way is of the file before: its answer would show that file over this one's upload.
    previewAsked.current += 1;
    draft.upload.start(api, picked);
  }

  // The picked file is sent by the draft: followed here, and handed on once sent (useSentFile.ts).
  const upload = useSentFile(draft.upload, {
    sending: setStage,
    settled: async (sent) => {
      // A file sent to resume an interrupted import: the job runs on with it (its notice says what went wrong).
      if (resumeEnded(sent)) setStage({ kind: 'pick', error: null });
      else if (sent.kind === 'uploaded') await preview(sent.file).catch((error: unknown) => setStage({ kind: 'pick', error: { error } }));
      else setStage({ kind: 'pick', error: sent.error instanceof FileTooLargeError ? { key: 'transfer.tooLarge' } : { error: sent.error } });
    },
  });

  /** The choices changed: a check's report or a failure, of the choices before, goes ('check': only a check's report). */
  function dropOutcome(what: 'all' | 'check' = 'all') {
    const checked = job.state.kind === 'finished' && job.state.status.dryRun;
    if (!checked && !(what === 'all' && job.state.kind === 'failed')) return;
    job.reset();
    if (draft.current !== null) draft.current = { ...draft.current, checkId: null };
  }

  function remap(mapping: ColumnMapping) {
    if (stage.kind !== 'ready') return;
    dropOutcome();
    const before = stage;
    setStage({ ...before, mapping, busy: true, error: null });
    preview(before.file, mapping).catch((error: unknown) => setStage({ ...before, busy: false, error: { error } }));
  }

  /** The preview says again what each row becomes under new choices (skipped, updating a record and its company's account, or imported). */
  function choose(choice: ImportDuplicates, create: boolean) {
    setDuplicates(choice);
    setCreateAccounts(create);
    if (stage.kind !== 'ready') return;
    dropOutcome();
    const before = stage;
    setStage({ ...before, busy: true, error: null });
    preview(before.file, before.file.format === 'csv' ? before.mapping : undefined, choice, create).catch((error: unknown) => setStage({ ...before, busy: false, error: { error } }));
  }

  function run(dryRun: boolean, resumeJobId?: string) {
    if (stage.kind !== 'ready') return;
    const { file, mapping } = stage;
    job.start({
      uploadId: file.uploadId,
      format: file.format,
      entity,
      mapping: file.format === 'csv' ? mapping : undefined,
      dryRun,
      duplicates,
      createAccounts: entity === 'contacts' && createAccounts,
      resumeJobId,
    });
  }

  const running = job.state.kind === 'running';
  // A job that ends within the grace shows no bar: its report follows its button.
  const progressShown = useShownAfter(running);
  const imported = job.state.kind === 'finished' && !job.state.status.dryRun;
  // The finished job's file: the page's, or the one sent to resume the job from the interrupted notice (before,
  // such a run's report had no rejected rows to download).
  const resumedHere = resumed !== null && job.state.kind === 'finished' && job.state.status.jobId === resumed.jobId ? resumed : null;
  const fileAtHand = stage.kind === 'ready' ? stage.file : (resumedHere?.file ?? null);
  // A run stopped part way goes on with the page's file, or with the upload the main process holds for it.
  const { onResume, focusProgress } = useReportResume(job, stage.kind === 'ready' ? stage.file : null, (jobId) => run(false, jobId), focusRun);
  // A run or check that rejected rows, its file still here: its rejected rows (or cards) can be downloaded to fix
  // (a check's are the newest check's of the file: jobId null).
  const rejectedAtHand =
    job.state.kind === 'finished' && job.state.status.rejected > 0 && fileAtHand !== null
      ? { jobId: job.state.status.dryRun ? null : job.state.status.jobId, file: fileAtHand }
      : null;
  const downloadRejected = rejectedAtHand === null ? null : () => rejectedRows.download(rejectedAtHand.jobId, rejectedAtHand.file.uploadId, rejectedAtHand.file.name);
  useLayoutEffect(() => {
    if (imported || !focusPicker.current) return;
    focusPicker.current = false;
    chooser.current?.focus();
  }, [imported, stage.kind]);

  /** Stop on the file being sent: the picker again, focused, for the right file. */
  function stopUpload() {
    focusPicker.current = true;
    draft.upload.stop();
    setStage({ kind: 'pick', error: null });
  }

  function importAnother() {
    focusPicker.current = true;
    job.reset();
    setStage({ kind: 'pick', error: null });
  }
  // The file was read and holds no data rows (a CSV with only its header, a vCard file without cards).
  const noRows = stage.kind === 'ready' && stage.preview.fileProblem === null && stage.preview.totalRows === 0;
  const fields = entity === 'contacts' ? contactImportFields : accountImportFields;
  const vcard = stage.kind === 'ready' && stage.file.format === 'vcard';
  const shownFields =
    stage.kind !== 'ready'
      ? []
      : vcard
        ? fields.filter((field) => stage.preview.rows.some((row) => (row.values[field] ?? '') !== ''))
        : fields.filter((field) => stage.mapping.includes(field));
  const jobText = job.state.kind !== 'running' ? '' : runningText(job.state, t);
  // One polite announcement of where the upload or import stands: the phase, then every tenth of the rows
  // (not every progress event), said once it has held for a moment. A resume's words without its count,
  // which changes every 2,000 rows passed over.
  const progressText =
    stage.kind === 'uploading'
      ? t('transfer.uploading')
      : job.state.kind !== 'running' || !progressShown
        ? ''
        : job.state.phase.kind === 'resuming'
          ? t('transfer.resumingPhase')
          : job.state.total === 0 || job.state.phase.kind !== 'rows'
            ? jobText
            : t('a11y.importPercent', { phase: jobText, percent: Math.floor((job.state.processed / job.state.total) * 10) * 10 });

  return (
    <section className="card import" aria-labelledby="import-title" data-testid="import-wizard">
      <h2 id="import-title">{t('transfer.importTitle')}</h2>
      <p className="muted">{t('transfer.importBody')}</p>
      <LiveRegion text={progressText} testId="import-announcement" />
      {interrupted === null || running ? null : (
        <InterruptedNotice
          job={interrupted.job}
          error={interrupted.error}
          busy={interrupted.busy || stage.kind === 'uploading'}
          onResume={() => resumeInput.current?.click()}
          onDiscard={discard}
        />
      )}
      <input
        ref={resumeInput}
        type="file"
        hidden
        accept=".csv,.vcf,.vcard,text/csv,text/vcard"
        data-testid="import-interrupted-file"
        onChange={resumeWith}
      />
      {imported || restoring ? null : (
        <ImportPicker
          entity={entity}
          running={running}
          fileInput={fileInput}
          chooser={chooser}
          onEntity={(chosen) => {
            setEntity(chosen);
            // A preview on its way was read for the other list: its answer (that list's mapping) is dropped.
            previewAsked.current += 1;
            setStage({ kind: 'pick', error: null });
            job.reset();
          }}
          onFile={pick}
        />
      )}
      {stage.kind === 'pick' && stage.error !== null ? (
        <Alert tone="error" title={t('transfer.fileProblem')} testId="import-error">
          <p>{wordsText(stage.error)}</p>
        </Alert>
      ) : null}
      {stage.kind === 'uploading' ? <UploadProgress sent={stage.sent} size={stage.size} onStop={upload.kind === 'uploading' ? stopUpload : null} /> : null}
      {stage.kind === 'ready' && !imported && !restoring ? (
        <div className="import__ready" data-testid="import-ready">
          <p className="import__file">
            <Icon name="note" size={16} />
            <strong>{t('transfer.fileInfo', { name: stage.file.name, size: sizeText(stage.file.size, t) })}</strong>
            {/* A file that cannot be read whole has only the rows before its problem counted. */}
            <span className="muted" data-testid="import-row-count">
              {t(
                stage.preview.fileProblem === null
                  ? vcard
                    ? 'transfer.cardsDetected'
                    : 'transfer.rowsDetected'
                  : vcard
                    ? 'transfer.cardsBeforeProblem'
                    : 'transfer.rowsBeforeProblem',
                { count: stage.preview.totalRows },
              )}
            </span>
            <span className="faint small">{t('transfer.encoding', { encoding: stage.preview.encoding })}</span>
          </p>
          {stage.preview.fileProblem !== null ? (
            <Alert tone="error" title={t('transfer.fileProblem')} testId="import-file-problem">
              <p>{fileProblemText(stage.preview.fileProblem)}</p>
            </Alert>
          ) : null}
          {noRows ? (
            <Alert tone="warning" title={t(vcard ? 'transfer.noCards' : 'transfer.noRows')} testId="import-no-rows">
              <p>{stage.file.format === 'csv' ? t('transfer.noRowsBody') : t('transfer.noCardsBody')}</p>
            </Alert>
          ) : null}
          {/* A file without rows has nothing to map, preview or import: its header alone would only bring warnings. */}
          {noRows ? null : (
            <>
              {stage.file.format === 'csv' && stage.preview.headers.length > 0 ? (
                <>
                  <h3>{t('transfer.mapping')}</h3>
                  <p className="muted small">{t('transfer.mappingBody')}</p>
                  <MappingTable entity={entity} preview={stage.preview} mapping={stage.mapping} onChange={remap} disabled={running} />
                </>
              ) : null}
              {stage.error === null ? null : (
                <Alert tone="error" testId="import-remap-failed">
                  <p>{wordsText(stage.error)}</p>
                </Alert>
              )}
              {stage.preview.mappingProblem === null ? null : (
                <Alert tone="warning" testId="import-mapping-problem">
                  <p>{localText(stage.preview.mappingProblem, stage.preview.mappingProblemReason === null ? [] : [stage.preview.mappingProblemReason])}</p>
                </Alert>
              )}
              <h3>{t('transfer.preview')}</h3>
              <p className="muted small">{t('transfer.previewBody')}</p>
              <PreviewTable entity={entity} preview={stage.preview} fields={shownFields} rowHeader={t(vcard ? 'transfer.card' : 'transfer.row')} />
              <div className="import__options">
                <DuplicatesChoice value={duplicates} onChange={(choice) => choose(choice, createAccounts)} disabled={running} />
                {entity === 'contacts' ? (
                  <label className="check">
                    <input type="checkbox" checked={createAccounts} disabled={running} onChange={(event) => choose(duplicates, event.target.checked)} />
                    <span>{t('transfer.createAccountsOption')}</span>
                  </label>
                ) : null}
              </div>
              <ImportRunButtons
                running={running}
                checkBlocked={stage.busy || stage.preview.fileProblem !== null}
                runBlocked={stage.busy || stage.preview.fileProblem !== null || stage.preview.mappingProblem !== null}
                onRun={run}
                focusOnStart={focusRun}
              />
            </>
          )}
        </div>
      ) : null}
      {job.state.kind === 'running' && progressShown ? (
        <ImportProgressPanel job={job.state} onStop={job.cancel} focusOnShow={focusProgress} />
      ) : null}
      {job.state.kind === 'failed' ? (
        <Alert tone="error" title={t(job.state.dryRun ? 'transfer.checkFailed' : 'transfer.failed')} testId="import-failed">
          <p>{wordsText(job.state.message)}</p>
        </Alert>
      ) : null}
      {job.state.kind === 'finished' ? (
        <ImportReport status={job.state.status} cards={job.state.format === 'vcard'}>
          {job.state.status.dryRun ? (
            stage.kind !== 'ready' ? (
              // A check followed by a page loaded anew (a reload): its file was chosen before, and the draft went with that page.
              <p className="muted" data-testid="import-check-choose-again">
                {t('transfer.checkChooseAgain')}
              </p>
            ) : downloadRejected === null ? null : (
              <div className="actions import-report__actions">
                <DownloadRejectedButton onClick={downloadRejected} downloading={rejectedRows.busy} cards={job.state.format === 'vcard'} />
              </div>
            )
          ) : (
            <ImportReportActions
              entity={job.state.entity}
              status={job.state.status}
              onResume={onResume}
              onDownloadRejected={downloadRejected}
              cards={job.state.format === 'vcard'}
              downloading={rejectedRows.busy}
              onAnotherFile={importAnother}
            />
          )}
        </ImportReport>
      ) : null}
      {stage.kind === 'pick' && job.state.kind === 'idle' && !restoring ? <RecentImports /> : null}
    </section>
  );
}
