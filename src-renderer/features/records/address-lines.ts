// A postal address as the lines of an envelope, in the order and with the
// separators of the address's own country: "street / postcode city" for most
// of Europe, "city, region postcode" for the US, the postcode on a line of its
// own in the UK, and big to small (country, postcode, province and city,
// street) for a Chinese, Japanese, Korean or Taiwanese address written in its
// own script.
// The formats are Google's libaddressinput address data (the metadata
// Android and Chrome fill addresses with) cut down to FieldVault's five parts.
// Nothing is added but separators (and Japan's postal mark 〒): a part that is
// empty leaves no stray comma, a region the format has no place for gets a
// line of its own, and a city and region that repeat each other ("Wien",
// "Wien"; "上海", "上海市") are written once.
import type { Address } from '../../../src-shared/domain/common';

type Part = 'street' | 'city' | 'region' | 'postalCode';

/**
 * Lines joined by %n; %A street, %C city, %S region, %Z postal code. The text
 * just before a part is written when that part is there and one before it on
 * the line is too ("%C, %S %Z" without a region reads "City ZIP"); text before
 * a line's first part is written with that part (Japan's "〒%Z").
 */
type Template = string;

interface CountryFormat {
  /** For an address in Latin script (or any script, when there is no `local`). */
  readonly latin: Template;
  /** For an address in the country's own script: big-to-small, the country first. */
  readonly local?: Template;
}

const partOf: Readonly<Record<string, Part>> = { '%A': 'street', '%C': 'city', '%S': 'region', '%Z': 'postalCode' };

/** Most of the world (all of continental Europe): the postcode before the city. */
const defaultFormat: CountryFormat = { latin: '%A%n%Z %C' };
/** An address in Chinese or Japanese script whose country is not one we know. */
const bigToSmall: Template = '%Z%n%S%C%n%A';

const formats: Readonly<Record<string, CountryFormat>> = {
  US: { latin: '%A%n%C, %S %Z' },
  CA: { latin: '%A%n%C %S %Z' },
  AU: { latin: '%A%n%C %S %Z' },
  NZ: { latin: '%A%n%C %Z' },
  // The county (optional to Royal Mail) before the postcode, which ends the address.
  GB: { latin: '%A%n%C%n%S%n%Z' },
  IE: { latin: '%A%n%C%n%S%n%Z' },
  CN: { latin: '%A%n%C%n%S, %Z', local: bigToSmall },
  TW: { latin: '%A%n%C, %S %Z', local: bigToSmall },
  JP: { latin: '%A%n%C, %S%n%Z', local: '〒%Z%n%S%C%n%A' },
  KR: { latin: '%A%n%C%n%S%n%Z', local: '%S %C%n%A%n%Z' },
};

/** Names a country goes by: every language FieldVault's users are likely to type it in, besides its codes. */
const nameLanguages = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv', 'nb', 'da', 'fi', 'pl', 'zh-Hans', 'zh-Hant', 'ja', 'ko'];
const aliases: Readonly<Record<string, readonly string[]>> = {
  US: ['USA', 'U.S.', 'U.S.A.', 'United States of America', 'America'],
  GB: ['UK', 'U.K.', 'Great Britain', 'Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
  CN: ['PRC', "People's Republic of China", '中华人民共和国', '中國', '中华'],
  JP: ['JPN', 'Nippon', 'Nihon', '日本国'],
  KR: ['Korea', 'Republic of Korea', '韩国', '한국'],
  TW: ['ROC', '台灣', '臺灣'],
};

function key(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[.\s]+/g, ' ').trim();
}

/** Country name or code (any case, in any of `nameLanguages`) → ISO code, for the countries with a format of their own. */
const countryCodes: ReadonlyMap<string, string> = (() => {
  const codes = new Map<string, string>();
  const displays = nameLanguages.map((language) => new Intl.DisplayNames([language], { type: 'region' }));
  for (const code of Object.keys(formats)) {
    for (const name of [code, ...displays.map((display) => display.of(code) ?? ''), ...(aliases[code] ?? [])]) {
      if (name !== '') codes.set(key(name), code);
    }
  }
  return codes;
})();

/** Han, kana and Hangul: an address written in its country's own script in China, Japan, Korea or Taiwan. */
const eastAsianScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

/** City and region, the one written once where it repeats the other (Wien, Wien; 上海, 上海市; 東京, 東京都). */
function withoutRepeats(city: string, region: string, local: boolean): { readonly city: string; readonly region: string } {
  if (city === '' || region === '') return { city, region };
  if (sameName(city, region)) return { city, region: '' };
  // In Chinese and Japanese the region's full name ("上海市") says all the city's does.
  if (local && (region === `${city}市` || region === `${city}都`)) return { city: '', region };
  return { city, region };
}

/** The template's lines filled from `parts`, skipping empty parts and the separators they leave. */
function fill(template: Template, parts: Readonly<Record<Part, string>>): string[] {
  const lines: string[] = [];
  for (const line of template.split('%n')) {
    let text = '';
    let pending = '';
    let started = false;
    for (const token of line.split(/(%[ACSZ])/)) {
      const part = partOf[token];
      if (part === undefined) {
        pending += token;
        continue;
      }
      const value = parts[part];
      // A separator goes between two parts that are there; text before a line's first part belongs to it.
      if (value !== '') text += (text !== '' || !started ? pending : '') + value;
      if (value !== '' || text !== '') pending = '';
      started = true;
    }
    if (text !== '') lines.push(text);
  }
  return lines;
}

/** The address as the lines it is written on, in its country's order; none when it is empty. */
export function addressLines(address: Address): readonly string[] {
  const trimmed = {
    street: address.street.trim(),
    city: address.city.trim(),
    region: address.region.trim(),
    postalCode: address.postalCode.trim(),
    country: address.country.trim(),
  };
  const code = countryCodes.get(key(trimmed.country));
  const format = code === undefined ? defaultFormat : (formats[code] ?? defaultFormat);
  const local = eastAsianScript.test(`${trimmed.street}${trimmed.city}${trimmed.region}`);
  const template = local ? (format.local ?? (code === undefined ? bigToSmall : format.latin)) : format.latin;
  const parts = { ...trimmed, ...withoutRepeats(trimmed.city, trimmed.region, local) };
  const lines = fill(template, parts);
  // A region the country's format has no place for still shows, on its own line after the rest.
  if (!template.includes('%S') && parts.region !== '') lines.push(parts.region);
  if (trimmed.country === '') return lines;
  return template === format.local || template === bigToSmall ? [trimmed.country, ...lines] : [...lines, trimmed.country];
}
