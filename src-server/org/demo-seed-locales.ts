// Word lists for the demo organisation (`fieldvault-server seed-demo`): the
// shape of a locale (one country in a sales territory, with the names,
// cities, streets, company words and phone formats a field-sales CRM there
// would hold) and the lists all locales share. The locales themselves are in
// demo-seed-locales-europe.ts and demo-seed-locales-world.ts. Everything is
// invented: e-mail domains end in the reserved `.example` TLD (RFC 2606),
// phone numbers sit in 555 / drama ranges, and names are common first and
// family names combined at random.
//
// A name or company word is either plain text (its ASCII form for e-mail
// addresses and domains is derived by stripping accents) or a
// [text, romanisation] pair for scripts that cannot be derived (Chinese,
// Japanese).

export type Word = string | readonly [text: string, ascii: string];
/** A company word: [text, ascii slug for the domain, industry in English]. */
export type Sector = readonly [text: string, slug: string, industry: string];

export interface City {
  readonly city: string;
  readonly region: string;
  readonly postalCode: string;
  /** The city's name in ASCII for a domain, where it cannot be derived (Chinese, Japanese). */
  readonly ascii?: string;
  /** The numbers of people in this city (its area codes and the country's mobiles), instead of the locale's. */
  readonly phoneFormats?: readonly string[];
  /** Streets of this city, instead of the locale's. */
  readonly streets?: readonly string[];
}

/**
 * How a street line is written: the house number after the street ("Hauptstraße 12", the default),
 * before it ("12 Main Street", "12 rue de la République"), after a comma ("Calle Mayor, 12"), as a
 * Chinese 号 ("南京东路12号"), or as a Japanese chōme, block and house number ("丸の内2丁目7-3").
 */
export type AddressStyle = 'numberLast' | 'numberFirst' | 'comma' | 'chinese' | 'japanese';

export interface Locale {
  readonly territory: string;
  readonly country: string;
  readonly currency: string;
  /** How often (relative) an account is in this country. */
  readonly weight: number;
  /** `#` is a random digit. */
  readonly phoneFormats: readonly string[];
  readonly cities: readonly City[];
  readonly streets: readonly string[];
  readonly firstNames: readonly Word[];
  readonly lastNames: readonly Word[];
  readonly addressStyle?: AddressStyle;
  /** Family name first, written without a space (Chinese, Japanese). */
  readonly familyFirst?: boolean;
  readonly companyStems: readonly Word[];
  readonly sectors: readonly Sector[];
  readonly legalForms: readonly string[];
  /** Job titles in the local language; English titles when absent. */
  readonly titles?: readonly string[];
}

export const englishSectors: readonly Sector[] = [
  ['Logistics', 'logistics', 'Logistics'],
  ['Engineering', 'engineering', 'Engineering'],
  ['Foods', 'foods', 'Food & Beverage'],
  ['Healthcare', 'healthcare', 'Healthcare'],
  ['Energy', 'energy', 'Energy'],
  ['Supplies', 'supplies', 'Wholesale'],
  ['Manufacturing', 'manufacturing', 'Manufacturing'],
];


export const englishTitles = [
  'Head of Procurement', 'Purchasing Manager', 'Operations Director', 'Chief Financial Officer', 'Plant Manager', 'IT Manager',
  'Office Manager', 'Category Buyer', 'Managing Director', 'Facility Manager', 'Supply Chain Lead', 'Quality Manager',
  'Logistics Coordinator', 'Sales Director', 'Technical Buyer',
];

export const contactTags = ['key account', 'decision maker', 'newsletter', 'trade fair 2025', 'pilot', 'renewal due', 'VIP', 'technical contact'];
export const accountTags = ['key account', 'partner', 'prospect', 'framework agreement', 'multi-site'];

export const notePhrases = [
  'Met at the regional trade fair.', 'Asked for a quote on the premium service plan.', 'Prefers calls after 3 pm.',
  'Follow up next quarter about the renewal.', 'Budget approval expected in spring.', 'Interested in the maintenance contract.',
  'Decision maker is the operations lead.', 'Requested product samples for the new site.', 'Had issues with delivery times last year.',
  'Compares us with two other suppliers.', 'Wants a demo for the whole team.', 'Open to a pilot in one branch first.',
  'Sent brochure and price list.', 'Visit planned during the next field trip.', 'Mentioned an expansion to a second warehouse.',
  'Payment terms of 60 days discussed.', 'Likes detailed written proposals.', 'Referred by an existing customer.',
];

export const dealProducts = [
  'Fleet maintenance contract', 'Annual service plan', 'Warehouse scanners (40 units)', 'Cold-chain sensors', 'Onboarding workshop',
  'Spare parts framework agreement', 'Site survey and installation', 'Extended warranty', 'Replacement of line 2', 'Consumables subscription',
];
export const lostReasons = ['Price', 'Chose a competitor', 'No budget this year', 'Project cancelled', 'Went silent'];
export const activityOutcomes = ['Positive', 'Needs follow-up', 'Sent quote', 'Left a voicemail', 'Rescheduled', 'Agreed next steps'];
