// What the lock screen says while an unlock brings the vault's schema up to
// date after an app update (once; a minute or so on a large vault, when a
// migration rebuilds the search index): the main process pushes
// vault.didStartMigration before each pending migration. Shown only while the
// unlock is under way, in a status region so screen readers hear it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '../../../src-shared/ipc/events';
import { useApi } from '../../app/api-context';

export function MigrationNotice({ busy }: { readonly busy: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const [step, setStep] = useState<EventPayload<'vault.didStartMigration'> | null>(null);
  // Listening from the start: the first step can come before a re-render after the submit.
  useEffect(() => api.on('vault.didStartMigration', setStep), [api]);
  // A step belongs to the unlock it was heard in: once that one is over (failed, say), it is
  // forgotten in the same render, so the next unlock does not show it from its first frame on.
  const [wasBusy, setWasBusy] = useState(busy);
  if (busy !== wasBusy) {
    setWasBusy(busy);
    if (!busy) setStep(null);
  }
  if (!busy || step === null) return null;
  return (
    <p className="unlock-migrating" role="status" data-testid="unlock-migrating">
      {t('unlock.migrating', { step: step.step, steps: step.steps })}
    </p>
  );
}
