// Rotate the vault's data key (PRAGMA rekey in the main process). It can take
// a while on a large vault and should not be cut off, so the first click only
// asks: it says what will happen and offers "Rotate now" and Cancel (Esc
// cancels too), with the focus on the question so a second Enter or click
// cannot start it unread. Cancel puts the focus back on "Rotate key"; so does
// "Rotate now", whose button stays focusable while it runs (`aria-disabled`),
// as the busy state and its end are announced from the card (useConfirmStep).
// A rotation outlives the card (leaving Settings unmounts it): the card met
// again says it still runs, and how it ended once it has, from this window's
// own call, or else from the vault's status (another window's, or one started
// before a reload), asked again until it says the rotation is over.
import { useTranslation } from 'react-i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldVaultApi } from '../../api/bridge-client';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { ConfirmQuestion } from '../../ui/ConfirmQuestion';
import { LiveRegion } from '../../ui/LiveRegion';
import { useConfirmStep } from '../../ui/useConfirmStep';
import { wordsText, type Words } from '../../ui/words';

type Outcome = { kind: 'done' } | { kind: 'failed'; message: Words };
type RotateState = { kind: 'idle' } | { kind: 'busy' } | Outcome;

/** A rotation this window asked for, kept past the card until a card has said how it ended. */
interface Started {
  readonly ended: Promise<Outcome>;
}
const startedBy = new WeakMap<FieldVaultApi, Started>();

/** How often the vault's status is asked while it says a rotation this window did not start runs. */
const statusPollMs = 1_000;

function startRotation(api: FieldVaultApi): Started {
  const started: Started = {
    ended: api.invoke('vault.rotateKey', {}).then(
      (): Outcome => ({ kind: 'done' }),
      (error: unknown): Outcome => ({ kind: 'failed', message: { error } }),
    ),
  };
  startedBy.set(api, started);
  return started;
}

export function RotateKeyCard() {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<RotateState>(() => (startedBy.has(api) ? { kind: 'busy' } : { kind: 'idle' }));
  const busy = state.kind === 'busy';
  const step = useConfirmStep();
  const mounted = useRef(false);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const follow = useCallback(
    (started: Started) => {
      setState({ kind: 'busy' });
      void started.ended.then((outcome) => {
        // Gone (Settings left): the card met next says it.
        if (!mounted.current) return;
        if (startedBy.get(api) === started) startedBy.delete(api);
        setState(outcome);
      });
    },
    [api],
  );

  useEffect(() => {
    const started = startedBy.get(api);
    if (started !== undefined) {
      follow(started);
      return undefined;
    }
    let stopped = false;
    let seenRunning = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      api.invoke('vault.status', {}).then(
        (status) => {
          if (stopped) return;
          if (status.rotating === true) {
            seenRunning = true;
            setState((now) => (now.kind === 'busy' ? now : { kind: 'busy' }));
            timer = setTimeout(ask, statusPollMs);
          } else if (seenRunning && status.state === 'unlocked') {
            // A failed rotation locks the vault, and the lock screen says so.
            setState({ kind: 'done' });
          }
        },
        () => {
          if (!stopped && seenRunning) timer = setTimeout(ask, statusPollMs);
        },
      );
    };
    ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, follow]);

  function ask() {
    if (busy) return;
    // The question replaces what the last rotation said.
    setState({ kind: 'idle' });
    step.ask();
  }

  function rotate() {
    step.close();
    follow(startRotation(api));
  }

  // Said through a region mounted with the card: the progress and "done" inserted with their text in them were
  // often not read, and a rotation runs for minutes with the focus left on "Rotate key" (a failure is an alert).
  const said = busy ? t('settings.rotate.busy') : state.kind === 'done' ? t('settings.rotate.done') : '';
  return (
    <section className="card" aria-labelledby="rotate-key-title" aria-busy={busy}>
      <h3 id="rotate-key-title">{t('settings.rotate.title')}</h3>
      <p className="muted">{t('settings.rotate.body')}</p>
      <LiveRegion text={said} testId="rotate-key-said" />
      {busy ? (
        <div className="progress" data-testid="rotate-key-progress">
          <div className="progress__bar" aria-hidden="true" />
          <p>{t('settings.rotate.busy')}</p>
        </div>
      ) : null}
      {state.kind === 'done' ? (
        <Alert tone="success" testId="rotate-key-done" live={false}>
          <p>{t('settings.rotate.done')}</p>
        </Alert>
      ) : null}
      {state.kind === 'failed' ? (
        <Alert tone="error" testId="rotate-key-error">
          <p>{wordsText(state.message)}</p>
        </Alert>
      ) : null}
      {step.open ? (
        <ConfirmQuestion
          step={step}
          testId="rotate-key-confirm"
          question={t('settings.rotate.confirm')}
          answer={t('settings.rotate.confirmSubmit')}
          tone="primary"
          onAnswer={rotate}
        />
      ) : (
        <div className="actions">
          <button
            ref={step.opener}
            type="button"
            className="button button--secondary"
            data-testid="rotate-key-button"
            aria-disabled={busy}
            aria-busy={busy}
            onClick={ask}
          >
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            {t('settings.rotate.submit')}
          </button>
        </div>
      )}
    </section>
  );
}
