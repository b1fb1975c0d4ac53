// " · About 3 minutes left" after a progress count (an import's or check's
// rows, an undo's records, an export's rows), from time-left.ts's words.
import { useTranslation } from 'react-i18next';
import { timeLeftWords } from './time-left';

/** " · About 3 minutes left"; nothing while the time left is not known. */
export function TimeLeft({ seconds, testId }: { readonly seconds: number | null; readonly testId: string }) {
  const { t } = useTranslation();
  if (seconds === null) return null;
  const { key, count } = timeLeftWords(seconds);
  return (
    <span className="tabular" data-testid={testId}>
      {' · '}
      {t(key, { count })}
    </span>
  );
}
