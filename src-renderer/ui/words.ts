// Words kept as what they say rather than as text in the language of the
// moment: a message key with the params its {{placeholders}} take, a failed
// call, a reason (src-shared/ipc/reasons.ts), or the main process's English
// sentence with the reasons that word it in another language; worded each
// time they are shown (wordsText). Something that stays on screen while the
// language is switched in Settings (a toast, a failure's alert) holds these,
// so it follows the switch. A param is a value as it is (a name, a count) or words
// of its own (a stage's default name, a failure's sentence). The params are
// checked by the compiler against the English message's placeholders.
import { i18n, type MessageKey } from '../app/i18n';
import type { en } from '../app/locales/en';
import type { Reason } from '../../src-shared/ipc/reasons';
import { errorText } from './error-text';
import { localText, reasonText } from './reason-text';

/** Each message of `T` as [dotted key, message]. */
type Entries<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? readonly [`${Prefix}${K}`, T[K]] : Entries<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** The key t() takes for a plural's forms. */
type PluralBase<K extends string> = K extends `${infer Base}_one` | `${infer Base}_other` ? Base : K;

/** The placeholders' names in a message ("{{count, number}}" is count). */
type Names<S extends string> = S extends `${string}{{${infer Inner}}}${infer Rest}`
  ? (Inner extends `${infer Name},${string}` ? Name : Inner) | Names<Rest>
  : never;

/** Each key whose message has placeholders, with their names. */
type Placeholders = {
  [E in Entries<typeof en> as E[1] extends `${string}{{${string}` ? PluralBase<E[0]> : never]: Names<E[1]>;
};

export type WordsParam = string | number | Words;

export type Words =
  | { readonly key: MessageKey }
  | { [K in keyof Placeholders]: { readonly key: K; readonly params: { readonly [N in Placeholders[K]]: WordsParam } } }[keyof Placeholders]
  | { readonly error: unknown }
  | { readonly reason: Reason }
  | { readonly english: string; readonly reasons: readonly Reason[] };

/** The words in the UI's language now. */
export function wordsText(words: Words): string {
  if ('error' in words) return errorText(words.error);
  if ('reason' in words) return reasonText(words.reason) ?? '';
  if ('english' in words) return localText(words.english, words.reasons);
  if (!('params' in words)) return i18n.t(words.key);
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries<WordsParam>(words.params)) params[name] = typeof value === 'object' ? wordsText(value) : value;
  // t()'s types ask a union of keys for every key's params at once; each key's own were checked where the words were made.
  return (i18n.t as (key: keyof Placeholders, params: Readonly<Record<string, string | number>>) => string)(words.key, params);
}
