// Connect this device to the organisation's sync server (sync.enrol): the
// server address, the organisation certificate (the one CA the device will
// trust) and a one-time enrolment code, typed in or filled from the
// enrolment-bundle.json file an administrator hands out. The main process
// stores the enrolment only once the server has accepted the code, in one
// transaction, so a failure leaves nothing behind and the form as it was:
// a wrong code, an unreachable address, a server whose certificate is not
// from that CA and an address its certificate does not name (the names it
// does carry listed) are each named at their field. A code that cannot be one by
// its form (too short or long, a character no code has: enrolment-code.ts)
// is named at its field before any connection, more precisely than the
// server's "wrong, used or expired" could. Once enrolled, the card says
// which server the device syncs with.
// The enrolment answers only after the first sync, which may take minutes; the
// sync status says enrolled as soon as that sync starts, and the form gives way
// then: what took its place (the server, and the count of changes the first
// sync has received so far, of how many with a progress bar when the server
// says) is scrolled into view and takes the focus at
// once. Before, the page kept its scroll position over a card that had shrunk,
// leaving "Destroy vault" in view for the whole first sync, and the server
// was named only at its end (the status's pushes do not carry it). While
// Connect runs its fields are read-only, not disabled: Enter in a field
// sends the form, and a disabled field would drop the focus to the page, so a
// refusal not tied to a field left a keyboard user nowhere. Too many
// attempts from one network count down the wait the server names, Connect
// disabled meanwhile (it only tried the server again, and was refused).
// What the form holds (typed, or from a bundle) counts as unsaved typing:
// leaving the page asks first (useUnsavedChanges), except while Connect runs
// (it goes on all the same). The first sync is followed once: when the status
// leaves syncing after it (or sync.enrol has answered and it is not syncing),
// a later sync shows no "First sync under way", and a later failure does not
// read "Connected, but the first sync failed".
import { useLayoutEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reason } from '../../../src-shared/ipc/reasons';
import { serverAddressProblem, SyncEnrolInput } from '../../../src-shared/sync/client-api';
import { enrolmentCodeProblem, type EnrolmentCodeProblem } from '../../../src-shared/sync/enrolment-code';
import { EnrolmentBundle } from '../../../src-shared/sync/protocol';
import { BridgeError } from '../../api/errors';
import { useApi } from '../../app/api-context';
import type { MessageKey } from '../../app/i18n';
import { useNavigation, useUnsavedChanges, type Route } from '../../app/router';
import { Alert } from '../../ui/Alert';
import { localText } from '../../ui/reason-text';
import { issuesByField, type FieldErrors } from '../../ui/form-errors';
import { SubmitButton } from '../../ui/SubmitButton';
import { TextField } from '../../ui/TextField';
import { wordsText, type Words } from '../../ui/words';
import { useSync } from '../shell/sync-context';
import { syncProgress } from '../shell/sync-status';
import { SyncProgressBar } from '../shell/SyncProgressBar';
import { RetryCountdown, useRetryWait } from '../vault/RetryCountdown';
import { BundleFilePicker } from './BundleFilePicker';

type Field = 'serverUrl' | 'caCertificatePem' | 'enrolmentCode';
const fields: readonly Field[] = ['serverUrl', 'caCertificatePem', 'enrolmentCode'];
const testIds: Record<Field, string> = { serverUrl: 'enrol-server', caCertificatePem: 'enrol-certificate', enrolmentCode: 'enrol-code' };
/** Far above a real bundle (a URL, one certificate, a code). */
const maxBundleBytes = 100_000;

/** The server and organisation named in the form, while sync.enrol runs. */
interface Target {
  readonly serverUrl: string;
  readonly organisationName: string;
}

/** The origin main stores for a server address the schema accepted (enrolment.ts keeps the origin only). */
function originOf(serverUrl: string): string | null {
  try {
    return new URL(serverUrl).origin;
  } catch {
    return null;
  }
}

/** A failed enrolment: the field it is about, when it is about one, and why. */
interface Failure {
  readonly field: Field | null;
  readonly message: Words;
}

function failureOf(reason: Reason | undefined): Failure | null {
  if (reason === undefined) return null;
  // The organisation's certificate at an address it does not name: the address is wrong, not the certificate.
  if (reason.code === 'host_not_in_certificate') return { field: 'serverUrl', message: { key: 'settings.sync.errors.hostNotInCertificate', params: { names: reason.names.join(', ') } } };
  if (reason.code !== 'enrol_failed') return null;
  switch (reason.problem) {
    case 'code_invalid':
      return { field: 'enrolmentCode', message: { key: 'settings.sync.errors.wrongCode' } };
    case 'too_many_attempts':
      return { field: 'enrolmentCode', message: { reason } };
    case 'certificate_mismatch':
      return { field: 'caCertificatePem', message: { key: 'settings.sync.errors.untrusted' } };
    case 'certificate_unreadable':
    case 'certificate_not_ca':
    case 'certificate_not_current':
      return { field: 'caCertificatePem', message: { reason } };
    case 'server_unreachable':
    case 'server_timeout':
      return { field: 'serverUrl', message: { key: 'settings.sync.errors.unreachable' } };
    case 'address_invalid':
      return { field: 'serverUrl', message: { reason } };
    case 'already_enrolled':
      return { field: null, message: { reason } };
  }
}

function enrolFailure(error: unknown): Failure {
  return (error instanceof BridgeError ? failureOf(error.reason) : null) ?? { field: null, message: { error } };
}

const codeProblems = { too_short: 'settings.sync.codeTooShort', too_long: 'settings.sync.codeTooLong', characters: 'settings.sync.codeCharacters' } as const satisfies Record<
  EnrolmentCodeProblem,
  MessageKey
>;

/** The form's own wording of a rule the schema found broken: a code that cannot be one says why, before any connection. */
function checkedFields(values: Record<Field, string>): FieldErrors<Field> {
  const parsed = SyncEnrolInput.safeParse({ ...values, organisationName: '' });
  if (parsed.success) return {};
  const found = issuesByField(parsed.error.issues, fields);
  const codeProblem = values.enrolmentCode === '' ? null : enrolmentCodeProblem(values.enrolmentCode);
  return {
    ...found,
    // An address with a path (a server behind a proxy's path, say) would be cut to its host: it says so.
    ...(found.serverUrl === undefined
      ? {}
      : { serverUrl: { key: serverAddressProblem(values.serverUrl) === 'path' ? 'settings.sync.serverUrlPath' : 'settings.sync.serverUrlInvalid' } }),
    ...(found.caCertificatePem === undefined ? {} : { caCertificatePem: { key: 'settings.sync.certificateInvalid' } }),
    ...(codeProblem === null ? {} : { enrolmentCode: { key: codeProblems[codeProblem] } }),
  };
}

/** The sync stopped for the network (offline with an error), as opposed to stopped by the user or never started. */
function firstSyncCut(view: { readonly state: string; readonly lastError: unknown }): boolean {
  return view.state === 'offline' && view.lastError !== null;
}

export function SyncServerCard() {
  const { t } = useTranslation();
  const { view } = useSync();
  const [justConnected, setJustConnected] = useState(false);
  // Set from Connect until a failure: the status's pushes say enrolled before sync.enrol answers.
  const [connecting, setConnecting] = useState<Target | null>(null);
  const connectedRef = useRef<HTMLParagraphElement>(null);
  const focusedConnected = useRef(false);
  // The first sync after Connect: under way until the status leaves syncing, then how it ended (later syncs are not it).
  const [firstSync, setFirstSync] = useState<'running' | { readonly failed: boolean }>('running');
  const sawFirstSyncing = useRef(false);
  useLayoutEffect(() => {
    if (connecting === null || view.enrolled !== true || firstSync !== 'running') return;
    if (view.state === 'syncing') sawFirstSyncing.current = true;
    // Cut off by the network: the first sync is not over (it carries on when the connection is back), so the card
    // does not say "Connected, syncs by itself" over an organisation that arrived in part.
    else if (firstSyncCut(view)) return;
    else if (sawFirstSyncing.current || justConnected) setFirstSync({ failed: view.state === 'error' });
  }, [connecting, view.enrolled, view.state, justConnected, firstSync]);
  const firstSyncFailed = firstSync === 'running' ? view.state === 'error' : firstSync.failed;
  const server = view.serverUrl ?? (connecting === null ? null : originOf(connecting.serverUrl));
  const organisation = view.organisationName ?? connecting?.organisationName ?? '';
  // A server that names the first sync's total: "12,500 of 100,000" and a bar (sync-status.ts says how it is clamped).
  const progress = syncProgress(view);
  // Arriving from the sync dialog's "Open Settings" (the workspace leaves the focus to this card):
  // the enrolment form's first field takes it, or the heading when the device is connected. In the
  // commit that shows the card, before paint, as every focus move that follows a commit here: the
  // dialog's button that had the focus is gone in that commit.
  const { route } = useNavigation();
  const cardRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusedFor = useRef<Route | null>(null);
  // The form is gone (the first sync started, or the enrolment answered): the focus goes to what took its
  // place, before that is painted (no key event caused it, so an effect would run a frame late), once; the
  // card is scrolled into view with it, as the page would otherwise keep a scroll position past the card.
  useLayoutEffect(() => {
    if (connecting === null || view.enrolled !== true || focusedConnected.current) return;
    focusedConnected.current = true;
    connectedRef.current?.focus({ preventScroll: true });
    cardRef.current?.scrollIntoView({ block: 'nearest' });
  }, [connecting, view.enrolled]);
  useLayoutEffect(() => {
    if (route.name !== 'settings' || route.focus !== 'sync' || view.enrolled === null || focusedFor.current === route) return;
    focusedFor.current = route;
    (cardRef.current?.querySelector<HTMLElement>('form input:not([hidden]), form textarea, form .file-pick__button') ?? headingRef.current)?.focus();
  }, [route, view.enrolled]);

  return (
    <section ref={cardRef} className="card" aria-labelledby="sync-server-title" data-testid="sync-server-card">
      <h3 id="sync-server-title" ref={headingRef} tabIndex={-1}>
        {t('settings.sync.title')}
      </h3>
      {view.enrolled === true ? (
        <>
          {server === null ? null : (
            <p ref={connectedRef} tabIndex={-1} data-testid="sync-server-connected">
              {organisation === '' ? t('settings.sync.connectedUnnamed', { server }) : t('settings.sync.connected', { organisation, server })}
            </p>
          )}
          {connecting !== null && firstSync === 'running' && view.state === 'syncing' ? (
            <>
              <p className="tabular" data-testid="sync-server-progress">
                {progress !== null
                  ? t('settings.sync.firstSyncCountOf', { received: progress.received, count: progress.total })
                  : view.received > 0
                    ? t('settings.sync.firstSyncCount', { count: view.received })
                    : t('settings.sync.firstSync')}
              </p>
              {progress === null ? null : <SyncProgressBar progress={progress} />}
            </>
          ) : null}
          {/* The first sync refused (the device's clock, its rights): said here in its words, not "Connected, syncs by itself". */}
          {justConnected && firstSyncFailed && view.state === 'error' && view.lastError !== null ? (
            <Alert tone="error" testId="enrol-first-sync-failed">
              <p>{t('settings.sync.firstSyncFailed', { error: localText(view.lastError, view.lastErrorReason === null ? [] : [view.lastErrorReason]) })}</p>
            </Alert>
          ) : justConnected && firstSync === 'running' && firstSyncCut(view) && view.lastError !== null ? (
            <Alert tone="warning" testId="enrol-first-sync-cut">
              <p>{t('settings.sync.firstSyncCut', { error: localText(view.lastError, view.lastErrorReason === null ? [] : [view.lastErrorReason]) })}</p>
            </Alert>
          ) : justConnected ? (
            <Alert tone="success" testId="enrol-success">
              <p>{t('settings.sync.done')}</p>
            </Alert>
          ) : null}
        </>
      ) : view.enrolled === false ? (
        <EnrolForm onConnecting={setConnecting} onEnrolled={() => setJustConnected(true)} />
      ) : (
        // Not known yet (sync.status has not answered; a failed one is asked again): said, rather than an empty card.
        <p className="muted" role="status" data-testid="sync-server-reading">
          {t('settings.sync.reading')}
        </p>
      )}
    </section>
  );
}

function EnrolForm({ onConnecting, onEnrolled }: { readonly onConnecting: (target: Target | null) => void; readonly onEnrolled: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { accept } = useSync();
  // The last bundle file chosen, named beside the button (the input itself is emptied to take the same file again).
  const [bundleName, setBundleName] = useState<string | null>(null);
  const [values, setValues] = useState<Record<Field, string>>({ serverUrl: '', caCertificatePem: '', enrolmentCode: '' });
  const [organisationName, setOrganisationName] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  // A refused enrolment about one field, worded as it is drawn (it shows with that field).
  const [refused, setRefused] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<{ readonly ok: boolean; readonly message: Words } | null>(null);
  const [busy, setBusy] = useState(false);
  // The field to focus once rendered (a field disabled while the call ran cannot take the focus before).
  const [focusField, setFocusField] = useState<{ readonly field: Field } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Typed (or loaded from a bundle) and not sent: leaving the page asks first. Focus goes back to the server field.
  const serverRef = useRef<HTMLInputElement>(null);
  useUnsavedChanges(!busy && fields.some((field) => values[field].trim() !== ''), serverRef);
  // Too many attempts from this network: the server names a wait, counted down here, Connect disabled until it ends.
  const retryWait = useRetryWait();

  // Before paint, as the field is enabled and its message shown.
  useLayoutEffect(() => {
    if (focusField !== null) formRef.current?.querySelector<HTMLElement>(`[data-testid="${testIds[focusField.field]}"]`)?.focus();
  }, [focusField]);
  const errorOf = (field: Field): Words | undefined => errors[field] ?? (refused?.field === field ? refused.message : undefined);
  const set = (field: Field) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    // The bundle's organisation name is of its server: another address typed names no organisation (it was kept, and
    // "This device syncs with <the bundle's organisation>" named the wrong one).
    if (field === 'serverUrl') setOrganisationName('');
  };

  async function loadBundle(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    setBundleName(file.name);
    let bundle: EnrolmentBundle | null = null;
    try {
      if (file.size <= maxBundleBytes) bundle = EnrolmentBundle.parse(JSON.parse(await file.text()));
    } catch {
      bundle = null;
    }
    if (bundle === null) {
      setOrganisationName('');
      setNotice({ ok: false, message: { key: 'settings.sync.bundleInvalid' } });
      return;
    }
    setValues({ serverUrl: bundle.serverUrl, caCertificatePem: bundle.caCertificatePem, enrolmentCode: bundle.enrolmentCode });
    setOrganisationName(bundle.organisationName);
    setErrors({});
    setRefused(null);
    setNotice({ ok: true, message: { key: 'settings.sync.bundleLoaded' } });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || retryWait.waiting) return;
    const trimmed = { serverUrl: values.serverUrl.trim(), caCertificatePem: values.caCertificatePem.trim(), enrolmentCode: values.enrolmentCode.trim() };
    const found = checkedFields(trimmed);
    setErrors(found);
    setRefused(null);
    setNotice(null);
    const first = fields.find((field) => found[field] !== undefined);
    if (first !== undefined) {
      setFocusField({ field: first });
      return;
    }
    setBusy(true);
    onConnecting({ serverUrl: trimmed.serverUrl, organisationName });
    try {
      const status = await api.invoke('sync.enrol', { ...trimmed, organisationName });
      onEnrolled();
      accept(status);
    } catch (error) {
      const failure = enrolFailure(error);
      // The rate limit's wait only (seconds): a server in maintenance may name an hour, which Connect need not wait out.
      if (error instanceof BridgeError && error.reason?.code === 'enrol_failed' && error.reason.problem === 'too_many_attempts') retryWait.waitAfter(error);
      onConnecting(null);
      setBusy(false);
      if (failure.field === null) {
        setNotice({ ok: false, message: failure.message });
      } else {
        setRefused(failure);
        setFocusField({ field: failure.field });
      }
    }
  }

  return (
    <>
      <p className="muted">{t('settings.sync.body')}</p>
      <form ref={formRef} className="form" onSubmit={(event) => void submit(event)} noValidate data-testid="enrol-form">
        <BundleFilePicker disabled={busy} fileName={bundleName} onChange={(event) => void loadBundle(event)} />
        <TextField
          label={t('settings.sync.serverUrl')}
          value={values.serverUrl}
          onChange={set('serverUrl')}
          inputRef={serverRef}
          hint={t('settings.sync.serverUrlHint')}
          error={errorOf('serverUrl')}
          required
          readOnly={busy}
          testId={testIds.serverUrl}
        />
        <TextField
          label={t('settings.sync.certificate')}
          value={values.caCertificatePem}
          onChange={set('caCertificatePem')}
          hint={t('settings.sync.certificateHint')}
          error={errorOf('caCertificatePem')}
          multiline
          required
          readOnly={busy}
          testId={testIds.caCertificatePem}
        />
        <TextField
          label={t('settings.sync.code')}
          value={values.enrolmentCode}
          onChange={set('enrolmentCode')}
          hint={t('settings.sync.codeHint')}
          error={errorOf('enrolmentCode')}
          required
          readOnly={busy}
          testId={testIds.enrolmentCode}
        />
        {notice === null ? null : (
          <Alert tone={notice.ok ? 'info' : 'error'} testId={notice.ok ? 'enrol-bundle-loaded' : 'enrol-error'}>
            <p>{wordsText(notice.message)}</p>
          </Alert>
        )}
        <RetryCountdown wait={retryWait} id="enrol-countdown" testId="enrol-countdown" />
        <SubmitButton
          testId="enrol-submit"
          busy={busy}
          busyLabel={t('settings.sync.busy')}
          disabled={retryWait.waiting}
          describedBy={retryWait.waiting ? 'enrol-countdown' : undefined}
        >
          {t('settings.sync.submit')}
        </SubmitButton>
      </form>
    </>
  );
}
