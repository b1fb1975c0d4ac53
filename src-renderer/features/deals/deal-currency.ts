// The currency a new deal starts with. An account keeps no currency of its
// own, but its deals do: a new deal takes the currency of the account's most
// recently created deal, else that of the user's own most recently created
// deal, else that of the vault's most recently created deal (a new rep's
// teammates' deals, synced), else the currency of the region the browser's
// language names ("en-GB" pounds, "de" euros; regionCurrency), else the UI
// language's default (CNY in Chinese, USD otherwise).
// The "New deal" dialog asks again when the account changes, until the user
// types a currency themselves, or an amount (typed in the currency shown).
import type { FieldVaultApi } from '../../api/bridge-client';
import type { Locale } from '../../app/i18n';

const euro = ['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK'] as const;

/** The currency of common regions (ISO 3166 code to ISO 4217 code); a region missing here has none proposed. */
const currencyOfRegion: ReadonlyMap<string, string> = new Map([
  ...euro.map((region) => [region, 'EUR'] as const),
  ['US', 'USD'],
  ['GB', 'GBP'],
  ['CN', 'CNY'],
  ['JP', 'JPY'],
  ['CH', 'CHF'],
  ['SE', 'SEK'],
  ['NO', 'NOK'],
  ['DK', 'DKK'],
  ['PL', 'PLN'],
  ['IN', 'INR'],
  ['AU', 'AUD'],
  ['CA', 'CAD'],
  ['SG', 'SGD'],
  ['HK', 'HKD'],
  ['NZ', 'NZD'],
  ['KR', 'KRW'],
  ['TW', 'TWD'],
  ['BR', 'BRL'],
  ['MX', 'MXN'],
  ['ZA', 'ZAR'],
]);

/** The currency of the region a language tag names or implies ("en-GB" GBP, "de" DE, so EUR); undefined when unknown. */
export function regionCurrency(language: string): string | undefined {
  let region: string | undefined;
  try {
    region = new Intl.Locale(language).maximize().region;
  } catch {
    return undefined; // Not a language tag.
  }
  return region === undefined ? undefined : currencyOfRegion.get(region);
}

/** The currency a new deal starts with when no deal tells: the browser language's region's, else the UI language's. */
export function defaultDealCurrency(locale: Locale): string {
  const language = typeof navigator === 'undefined' ? undefined : navigator.language;
  const ofRegion = language === undefined ? undefined : regionCurrency(language);
  return ofRegion ?? (locale === 'zh-CN' ? 'CNY' : 'USD');
}

/** Which deals a proposal looks at: an account's, an owner's, or the whole vault's (as far as the user may read). */
export type DealsOf = { readonly accountId: string } | { readonly ownerId: string } | Record<string, never>;

/** The currency of the most recently created deal among `of`, undefined when there is none. */
export type LatestDealCurrency = (of: DealsOf) => Promise<string | undefined>;

/** Asks deals.list for the one most recently created deal among `of`. */
export function latestDealCurrency(api: FieldVaultApi): LatestDealCurrency {
  return async (filter) => {
    const page = await api.invoke('deals.list', { filter, sort: { field: 'createdAt', direction: 'desc' }, limit: 1 });
    return page.items[0]?.currency;
  };
}

/** The currency for a new deal of `accountId` ('' for none) by `me` (null while unknown). */
export async function proposeDealCurrency(latest: LatestDealCurrency, accountId: string, me: string | null, locale: Locale): Promise<string> {
  const ofAccount = accountId === '' ? undefined : await latest({ accountId });
  const ofMine = ofAccount ?? (me === null ? undefined : await latest({ ownerId: me }));
  const ofVault = ofMine ?? (await latest({}));
  return ofVault ?? defaultDealCurrency(locale);
}
