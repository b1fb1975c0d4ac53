// The English catalogue: the source of truth for every message key. Other
// languages must have exactly this shape (checked by the compiler through
// `Messages`, and for placeholders by i18n.test.ts).
import { a11y } from './a11y';
import { common } from './common';
import { lists } from './lists';
import { records } from './records';
import { shell } from './shell';
import { vault } from './vault';
import { work } from './work';

export const en = { ...common, ...vault, ...shell, ...records, ...lists, ...work, ...a11y } as const;

/** The shape every catalogue must have: the same keys, any wording. */
export type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Messages = Shape<typeof en>;
