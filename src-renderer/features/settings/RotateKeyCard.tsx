// Rotate the vault's data key (PRAGMA rekey in the main process). It can take
// a while on a large vault and should not be cut off, so the first click only
// asks: it says what will happen and offers "Rotate now" and Cancel (Esc
// cancels too), with the focus on the question so a second Enter or click
// cannot start it unread. Cancel puts the focus back on "Rotate key"; so does
// "Rotate now", whose button stays focusable while it runs (`aria-disabled`),
// as the busy state and its end are announced from the card (useConfirmStep).
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { ConfirmQuestion } from '../../ui/ConfirmQuestion';
import { LiveRegion } from '../../ui/LiveRegion';
import { useConfirmStep } from '../../ui/useConfirmStep';
import { wordsText, type Words } from '../../ui/words';

type RotateState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done' } | { kind: 'failed'; message: Words };

export function RotateKeyCard() {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<RotateState>({ kind: 'idle' });
  const busy = state.kind === 'busy';
  const step = useConfirmStep();

  function ask() {
    if (busy) return;
    // The question replaces what the last rotation said.
    setState({ kind: 'idle' });
    step.ask();
  }

  async function rotate() {
    step.close();
    setState({ kind: 'busy' });
    try {
      await api.invoke('vault.rotateKey', {});
      setState({ kind: 'done' });
    } catch (error) {
      setState({ kind: 'failed', message: { error } });
    }
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
          onAnswer={() => void rotate()}
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
