// Rotate the vault's data key (PRAGMA rekey in the main process). It can take
// a while on a large vault, so the card shows a busy state until it answers.
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { wordsText, type Words } from '../../ui/words';

type RotateState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done' } | { kind: 'failed'; message: Words };

export function RotateKeyCard() {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<RotateState>({ kind: 'idle' });
  const busy = state.kind === 'busy';

  async function rotate() {
    if (busy) return;
    setState({ kind: 'busy' });
    try {
      await api.invoke('vault.rotateKey', {});
      setState({ kind: 'done' });
    } catch (error) {
      setState({ kind: 'failed', message: { error } });
    }
  }

  return (
    <section className="card" aria-labelledby="rotate-key-title" aria-busy={busy}>
      <h3 id="rotate-key-title">{t('settings.rotate.title')}</h3>
      <p className="muted">{t('settings.rotate.body')}</p>
      {busy ? (
        <div className="progress" role="status" data-testid="rotate-key-progress">
          <div className="progress__bar" aria-hidden="true" />
          <p>{t('settings.rotate.busy')}</p>
        </div>
      ) : null}
      {state.kind === 'done' ? (
        <Alert tone="success" testId="rotate-key-done">
          <p>{t('settings.rotate.done')}</p>
        </Alert>
      ) : null}
      {state.kind === 'failed' ? (
        <Alert tone="error" testId="rotate-key-error">
          <p>{wordsText(state.message)}</p>
        </Alert>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          data-testid="rotate-key-button"
          disabled={busy}
          aria-busy={busy}
          onClick={() => void rotate()}
        >
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {t('settings.rotate.submit')}
        </button>
      </div>
    </section>
  );
}
