// Loading and failure screens of a detail page (a record that no longer
// exists says so and offers the way back; when it went while an edit was
// open, it also says that the unsaved change was not kept).
import { useTranslation } from 'react-i18next';
import { useNavigation, type Route } from '../../app/router';
import { Empty, Failed, Loading } from '../../ui/States';
import { wordsText } from '../../ui/words';
import type { DetailState } from '../records/useDetail';

export function DetailFallback<T>({ state, listRoute, onRetry }: { readonly state: DetailState<T>; readonly listRoute: Route; readonly onRetry: () => void }) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  if (state.kind === 'loading') return <Loading testId="detail-loading" />;
  if (state.kind === 'failed' && state.notFound) {
    return (
      <Empty
        icon="alert"
        title={t('detail.notFound')}
        body={state.unsavedLost === true ? t('detail.unsavedLost') : undefined}
        testId="detail-not-found"
        action={
          <button type="button" className="button button--secondary" onClick={() => navigate(listRoute)}>
            {t('detail.back')}
          </button>
        }
      />
    );
  }
  if (state.kind === 'failed') return <Failed message={wordsText(state.message)} onRetry={onRetry} testId="detail-error" />;
  return null;
}
