// The currency a new deal starts with (deal-currency.ts): the account's last
// deal's, the user's, the vault's (a teammate's, synced), then the browser
// language's region's, then the UI language's. The deals stand in a list
// answered as deals.list answers { filter, sort: createdAt desc, limit: 1 };
// the browser's language is navigator.language, switched here per test.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultDealCurrency, proposeDealCurrency, regionCurrency, type DealsOf, type LatestDealCurrency } from './deal-currency';

interface StoredDeal {
  readonly accountId: string | null;
  readonly ownerId: string;
  readonly currency: string;
  readonly createdAt: number;
}

/** The newest deal among `of` in `deals`, and the filters asked for, in order. */
function vault(deals: readonly StoredDeal[]): { latest: LatestDealCurrency; asked: DealsOf[] } {
  const asked: DealsOf[] = [];
  const latest: LatestDealCurrency = (of) => {
    asked.push(of);
    const among = deals.filter((deal) => ('accountId' in of ? deal.accountId === of.accountId : 'ownerId' in of ? deal.ownerId === of.ownerId : true));
    const newest = [...among].sort((a, b) => b.createdAt - a.createdAt)[0];
    return Promise.resolve(newest?.currency);
  };
  return { latest, asked };
}

function browserLanguage(language: string): void {
  vi.stubGlobal('navigator', { language, languages: [language] });
}

const teammates: readonly StoredDeal[] = [
  { accountId: 'acc-hamburg', ownerId: 'usr-anna', currency: 'EUR', createdAt: 2_000 },
  { accountId: 'acc-leeds', ownerId: 'usr-ben', currency: 'GBP', createdAt: 1_000 },
];

describe('proposeDealCurrency', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('takes the account’s last deal’s currency, else the user’s own, else the vault’s', async () => {
    browserLanguage('en-US');
    const deals = [...teammates, { accountId: null, ownerId: 'usr-cara', currency: 'CHF', createdAt: 500 }];
    expect(await proposeDealCurrency(vault(deals).latest, 'acc-leeds', 'usr-cara', 'en')).toBe('GBP');
    expect(await proposeDealCurrency(vault(deals).latest, 'acc-new', 'usr-cara', 'en')).toBe('CHF');
    expect(await proposeDealCurrency(vault(deals).latest, '', 'usr-cara', 'en')).toBe('CHF');
  });

  it('gives a new rep with no deal of their own the currency of the vault’s last deal, not USD', async () => {
    browserLanguage('en-US');
    const { latest, asked } = vault(teammates);
    expect(await proposeDealCurrency(latest, '', 'usr-new', 'en')).toBe('EUR');
    expect(asked).toEqual([{ ownerId: 'usr-new' }, {}]);
    // While the user is not known yet, and for an account without deals, the same.
    expect(await proposeDealCurrency(vault(teammates).latest, '', null, 'en')).toBe('EUR');
    expect(await proposeDealCurrency(vault(teammates).latest, 'acc-new', 'usr-new', 'en')).toBe('EUR');
  });

  it('with no deal in the vault, takes the currency of the browser language’s region', async () => {
    const empty = vault([]).latest;
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['en-GB', 'GBP'],
      ['en-US', 'USD'],
      ['en', 'USD'],
      ['de', 'EUR'],
      ['de-AT', 'EUR'],
      ['de-CH', 'CHF'],
      ['fr-FR', 'EUR'],
      ['en-IE', 'EUR'],
      ['ja', 'JPY'],
      ['sv-SE', 'SEK'],
      ['en-IN', 'INR'],
      ['en-AU', 'AUD'],
      ['fr-CA', 'CAD'],
      ['zh-CN', 'CNY'],
      ['zh-HK', 'HKD'],
    ];
    for (const [language, currency] of cases) {
      browserLanguage(language);
      expect(await proposeDealCurrency(empty, '', 'usr-new', 'en'), language).toBe(currency);
    }
  });

  it('with a region it does not know, falls back to the UI language’s currency', async () => {
    browserLanguage('es-AR');
    expect(await proposeDealCurrency(vault([]).latest, '', 'usr-new', 'en')).toBe('USD');
    expect(await proposeDealCurrency(vault([]).latest, '', 'usr-new', 'zh-CN')).toBe('CNY');
    browserLanguage('not a language tag');
    expect(defaultDealCurrency('en')).toBe('USD');
    expect(defaultDealCurrency('zh-CN')).toBe('CNY');
  });
});

describe('regionCurrency', () => {
  it('reads the region a language tag names or implies', () => {
    expect(regionCurrency('en-GB')).toBe('GBP');
    expect(regionCurrency('nl')).toBe('EUR');
    expect(regionCurrency('nb')).toBe('NOK');
    expect(regionCurrency('da')).toBe('DKK');
    expect(regionCurrency('pl-PL')).toBe('PLN');
    expect(regionCurrency('en-SG')).toBe('SGD');
    expect(regionCurrency('es-AR')).toBeUndefined();
    expect(regionCurrency('')).toBeUndefined();
  });
});
