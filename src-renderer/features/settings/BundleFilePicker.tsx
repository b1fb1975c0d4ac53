// The enrolment-bundle field of the sync server form: a "Choose file" button
// in the app's language, a hidden file input (out of the accessibility tree)
// behind it, and the chosen file's name beside it. Chromium words a file
// input's own button and "No file chosen" in the system's language, and
// gives screen readers that value even when the input is only out of sight,
// so under zh-CN the field read English. The button takes the focus; its name
// is the field's label and its words, its description the chosen file's name
// (or the app's "No file chosen"); Enter, Space or a click opens the chooser.
import { useId, useRef, type ChangeEvent } from 'react';
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
  const input = useRef<HTMLInputElement>(null);
  const labelId = useId();
  const wordsId = useId();
  const nameId = useId();
  return (
    <div className="field">
      <span id={labelId} className="field__label">
        {t('settings.sync.bundle')}
      </span>
      <div className="file-pick">
        <button
          type="button"
          className="button button--secondary file-pick__button"
          disabled={disabled}
          aria-labelledby={`${labelId} ${wordsId}`}
          aria-describedby={nameId}
          data-testid="enrol-bundle-choose"
          onClick={() => input.current?.click()}
        >
          <Icon name="upload" size={16} />
          <span id={wordsId}>{t('settings.sync.bundleChoose')}</span>
        </button>
        <input ref={input} type="file" hidden accept=".json,application/json" disabled={disabled} data-testid="enrol-bundle" onChange={onChange} />
        <span id={nameId} className="file-pick__name truncate" data-testid="enrol-bundle-name">
          {fileName ?? t('settings.sync.bundleNone')}
        </span>
      </div>
    </div>
  );
}
