// The character count of a long text field (notes, an activity's details)
// once it nears the vault's limit (maxLongTextChars): from 90 % on it shows
// "912,000 of 1,000,000 characters", and past the limit how many are too
// many, in the field's error colour, before Save is pressed (Save then says
// the same at the field; the text stays as typed). Below 90 % nothing shows:
// the limit is far beyond any note typed by hand, pasted text is what
// reaches it. The field names it in its aria-describedby, so a screen reader
// hears it with the field rather than at every key.
import { useTranslation } from 'react-i18next';
import { maxLongTextChars } from '../../src-shared/domain/common';

/** From this many characters on, the count shows. */
export const longTextCountFrom = Math.floor(maxLongTextChars * 0.9);

export function LongTextCounter({ id, length }: { readonly id: string; readonly length: number }) {
  const { t } = useTranslation();
  if (length < longTextCountFrom) return null;
  const over = length - maxLongTextChars;
  return (
    <p id={id} className={over > 0 ? 'field__error' : 'faint small'} data-testid="long-text-counter">
      {over > 0 ? t('longText.over', { count: over, max: maxLongTextChars }) : t('longText.count', { count: length, max: maxLongTextChars })}
    </p>
  );
}
