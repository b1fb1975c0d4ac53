// Types i18next's t() against the English catalogue, so an unknown key or a
// misspelt one does not compile.
import type { en } from './locales/en';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    returnNull: false;
  }
}
