// A picked file being read and sent to the main process: its bar, and Stop
// while the file is the import draft's (upload-run.ts) — a rep who picked the
// wrong 200 MB file need not wait for its end; a file sent to resume an
// interrupted import is the draft's too.
import { useTranslation } from 'react-i18next';

export function UploadProgress({ sent, size, onStop }: { readonly sent: number; readonly size: number; readonly onStop: (() => void) | null }) {
  const { t } = useTranslation();
  const percent = size === 0 ? 100 : Math.round((sent / size) * 100);
  return (
    <div className="progress" data-testid="upload-progress">
      <div className="meter" role="progressbar" aria-label={t('transfer.uploading')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="meter__fill" style={{ width: `${percent}%` }} />
      </div>
      <p>{t('transfer.uploading')}</p>
      {onStop === null ? null : (
        <button type="button" className="button button--ghost button--small" data-testid="upload-stop" onClick={onStop}>
          {t('transfer.cancel')}
        </button>
      )}
    </div>
  );
}
