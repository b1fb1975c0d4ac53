// i18next set-up for the renderer: English and Simplified Chinese, picked from
// the browser's languages at start and switchable in Settings. A choice made
// there is kept by the main process (preferences.set) and applied at the
// next launch (preferences.tsx); the renderer itself stores nothing. Components translate through
// useTranslation() so they re-render when the language changes; plain modules
// call i18n.t() at the moment they build a message.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { pickLocale, uiLocales, type UiLocale } from '../../src-shared/ipc/preferences';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

export const locales = uiLocales;
export type Locale = UiLocale;

/** Dotted keys of `T` whose message has no {{placeholder}}. */
type PlainKeys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? T[K] extends `${string}{{${string}`
      ? never
      : `${Prefix}${K}`
    : PlainKeys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/**
 * A key that t() takes without options. Tables of keys (columns, menus) use
 * this type; a message with placeholders is always called by its literal key,
 * so the compiler checks its options too.
 */
export type MessageKey = PlainKeys<typeof en>;

export { pickLocale };

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

/** Letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms) and the bidi controls. */
const bidiPulling = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/**
 * A value put into a message, isolated (FSI … PDI, Unicode Bidirectional
 * Algorithm) when it could reorder the text around it: a Hebrew or Arabic
 * name, or one carrying bidi controls. Without it "Deleted {{name}}." shows the
 * full stop, and anything after the name, on the wrong side. Other values stay as
 * they are: in a left-to-right message they reorder nothing, and the message
 * keeps the very characters it always had.
 */
export function isolateValue(value: string): string {
  return bidiPulling.test(value) ? `\u2068${value}\u2069` : value;
}

export const i18n: I18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: pickLocale(browserLanguages()),
  fallbackLng: 'en',
  supportedLngs: [...locales],
  // React escapes what it renders, so i18next's "escape" only isolates each value's direction, not HTML.
  interpolation: { escapeValue: true, escape: isolateValue },
  returnNull: false,
  initAsync: false,
});

export function currentLocale(): Locale {
  return i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
}

/** Switches the UI language and the document's lang attribute. */
export function setLocale(locale: Locale): void {
  void i18n.changeLanguage(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
