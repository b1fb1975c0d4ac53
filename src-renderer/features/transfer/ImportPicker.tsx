// The import's first step: the list to import into and the file drop zone
// (a button: a click, Enter or Space anywhere on it opens the file chooser).
// Both wait while a job runs. The file input itself is hidden, out of the
// accessibility tree: Chromium reads a file input's value as "No file
// chosen" in the system's language, so under zh-CN a screen reader heard
// English; the button's name is the app's own words.
import type { ChangeEvent, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportEntity } from '../../../src-shared/transfer/import';
import { Icon } from '../../ui/icons';

export interface ImportPickerProps {
  readonly entity: ImportEntity;
  readonly running: boolean;
  readonly fileInput: RefObject<HTMLInputElement | null>;
  /** The drop zone, for the focus after "Import another file". */
  readonly chooser: RefObject<HTMLButtonElement | null>;
  readonly onEntity: (entity: ImportEntity) => void;
  readonly onFile: (event: ChangeEvent<HTMLInputElement>) => void;
}

export function ImportPicker({ entity, running, fileInput, chooser, onEntity, onFile }: ImportPickerProps) {
  const { t } = useTranslation();
  return (
    <div className="import__pick">
      <label className="field">
        <span className="field__label">{t('transfer.target')}</span>
        <select
          className="input"
          value={entity}
          disabled={running}
          data-testid="import-entity"
          onChange={(event) => onEntity(event.target.value === 'accounts' ? 'accounts' : 'contacts')}
        >
          <option value="contacts">{t('entity.contact.other')}</option>
          <option value="accounts">{t('entity.account.other')}</option>
        </select>
      </label>
      <button ref={chooser} type="button" className="dropzone" disabled={running} data-testid="import-choose" onClick={() => fileInput.current?.click()}>
        <Icon name="upload" size={24} />
        <strong>{t('transfer.chooseFile')}</strong>
        <span className="faint small">{t('transfer.duplicateBy')}</span>
      </button>
      <input ref={fileInput} type="file" hidden accept=".csv,.vcf,.vcard,text/csv,text/vcard" disabled={running} data-testid="import-file" onChange={onFile} />
    </div>
  );
}
