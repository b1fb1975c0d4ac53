// The currency a new deal starts with. An account keeps no currency of its
// own, but its deals do: a new deal takes the currency of the account's most
// recently created deal, else that of the user's own most recently created
// deal, else the UI language's default (USD in English, CNY in Chinese).
// The "New deal" dialog asks again when the account changes, until the user
// types a currency themselves, or an amount (typed in the currency shown).
import type { FieldVaultApi } from '../../api/bridge-client';
import type { Locale } from '../../app/i18n';

export function localeCurrency(locale: Locale): string {
  return locale === 'zh-CN' ? 'CNY' : 'USD';
}

async function latestDealCurrency(api: FieldVaultApi, filter: { readonly accountId: string } | { readonly ownerId: string }): Promise<string | undefined> {
  const page = await api.invoke('deals.list', { filter, sort: { field: 'createdAt', direction: 'desc' }, limit: 1 });
  return page.items[0]?.currency;
}

/** The currency for a new deal of `accountId` ('' for none) by `me` (null while unknown). */
export async function proposeDealCurrency(api: FieldVaultApi, accountId: string, me: string | null, locale: Locale): Promise<string> {
  const ofAccount = accountId === '' ? undefined : await latestDealCurrency(api, { accountId });
  const ofMine = ofAccount ?? (me === null ? undefined : await latestDealCurrency(api, { ownerId: me }));
  return ofMine ?? localeCurrency(locale);
}
