// The enrolment-bundle field of the sync server form: a "Choose file" button
// in the app's language over a visually hidden file input, and the chosen
// file's name beside it. Chromium words a bare file input's own button and
// "No file chosen" in the system's language, so under zh-CN the field read
// English. The input keeps the focus (Tab, then Enter or Space opens the
// chooser), the field's label and the name as its description; both labels
// point at it, so a click on the button opens the chooser too.
import { useId, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../ui/icons';

export interface BundleFilePickerProps {
  readonly disabled: boolean;
  /** The last file chosen, or null before any. */
  readonly fileName: string | null;
  readonly onChange: (event: ChangeEvent<HTMLInputElement>) => void;
}

export function BundleFilePicker({ disabled, fileName, onChange }: BundleFilePickerProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const nameId = useId();
  return (
    <div className="field">
      <label htmlFor={inputId}>{t('settings.sync.bundle')}</label>
      <div className="file-pick">
        <input
          id={inputId}
          className="file-pick__input"
          type="file"
          accept=".json,application/json"
          disabled={disabled}
          aria-describedby={nameId}
          data-testid="enrol-bundle"
          onChange={onChange}
        />
        <label htmlFor={inputId} className="button button--secondary file-pick__button" data-testid="enrol-bundle-choose">
          <Icon name="upload" size={16} />
          {t('settings.sync.bundleChoose')}
        </label>
        <span id={nameId} className="file-pick__name truncate" data-testid="enrol-bundle-name">
          {fileName ?? t('settings.sync.bundleNone')}
        </span>
      </div>
    </div>
  );
}
