// A realistic contacts CSV for the import benchmark, the way a CRM or
// spreadsheet export looks: name, email, phone, company, title, city,
// country, tags and a couple of sentences of notes per row, with a handful of
// rows a real file also has (an address that is not an email). Names, emails
// and notes come from the vault fixture's seeded generator
// (bench/vault/contact-fixture.ts), so every run imports the same bytes; the
// rest is invented here from short lists. Phone numbers stay in the
// fictional 555-01xx range and get an extension, so two rows share a number
// about as rarely as in a real list. No customer data from anywhere.
import { generateContacts, pick, seededRandom } from '../vault/contact-fixture';

const TITLES = ['Buyer', 'Purchasing Manager', 'Operations Lead', 'Head of Facilities', 'Owner', 'CFO', 'Plant Manager', 'Office Manager', 'Procurement Officer', 'Sales Director', 'IT Manager', 'Logistics Coordinator'];
const COMPANY_HEADS = ['Northwind', 'Blue Harbor', 'Alder', 'Copperfield', 'Greystone', 'Juniper', 'Kestrel', 'Larkspur', 'Meridian', 'Oakridge', 'Pinecrest', 'Quarry Hill', 'Redwood', 'Silverline', 'Tidewater', 'Upland', 'Valley', 'Westbrook', 'Yellowpine', 'Zephyr', 'Ashford', 'Birchwood', 'Cedar Point', 'Dovetail', 'Elmstead', 'Fairhaven', 'Glenmore', 'Hawthorn', 'Ironbridge', 'Lakeside', 'Millbrook', 'Newhaven', 'Orchard', 'Riverside', 'Stonebridge', 'Thornbury', 'Whitfield', 'Brightwater', 'Highgate', 'Kingsbury'];
const COMPANY_TAILS = ['Logistics', 'Foods', 'Engineering', 'Dental', 'Hardware', 'Print', 'Textiles', 'Motors', 'Pharmacy', 'Bakery', 'Builders', 'Electrics', 'Farm Supply', 'Hotels', 'Labs', 'Marine', 'Packaging', 'Plastics', 'Recycling', 'Software', 'Timber', 'Tools', 'Travel', 'Vineyards', 'Water', 'Clinic', 'Coffee', 'Design', 'Energy', 'Fitness', 'Garden Centre', 'Glass', 'Interiors', 'Machinery', 'Media', 'Metals', 'Optics', 'Paper', 'Security', 'Steel', 'Storage', 'Studios', 'Supplies', 'Systems', 'Trading', 'Transport', 'Uniforms', 'Ventures', 'Wholesale', 'Works'];
const PLACES: readonly (readonly [string, string])[] = [
  ['Lyon', 'France'], ['Porto', 'Portugal'], ['Leeds', 'United Kingdom'], ['Graz', 'Austria'], ['Ghent', 'Belgium'], ['Aarhus', 'Denmark'],
  ['Tampere', 'Finland'], ['Bologna', 'Italy'], ['Utrecht', 'Netherlands'], ['Bergen', 'Norway'], ['Kraków', 'Poland'], ['Málaga', 'Spain'],
  ['Malmö', 'Sweden'], ['Basel', 'Switzerland'], ['Leipzig', 'Germany'], ['Brno', 'Czechia'], ['Cork', 'Ireland'], ['Austin', 'United States'],
  ['Québec', 'Canada'], ['Osaka', 'Japan'], ['上海', '中国'], ['Curitiba', 'Brazil'], ['Pune', 'India'], ['Perth', 'Australia'],
];
const TAGS = ['lead', 'customer', 'trade fair', 'newsletter', 'vip', 'renewal', 'pilot', 'partner', 'reseller', 'dormant'];
const HEADER = ['Name', 'Email', 'Phone', 'Company', 'Title', 'City', 'Country', 'Tags', 'Notes'];
/** Every this-many-th row carries an address that is not an email, as exported lists do now and then. */
const BAD_EMAIL_EVERY = 997;

export interface ContactsCsv {
  readonly bytes: Buffer;
  readonly rows: number;
  /** Rows the importer must reject as invalid (duplicates come on top, and depend on the vault). */
  readonly invalidRows: number;
}

function cell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** `rows` data rows after a header; `seed` decides everything, and `offset` keeps two files' contacts apart. */
export function contactsCsv(rows: number, seed: number, offset = 0): ContactsCsv {
  const random = seededRandom(seed ^ 0x5bd1e995);
  const lines: string[] = [HEADER.join(',')];
  let invalidRows = 0;
  generateContacts(rows, seed, offset).forEach(({ draft }, index) => {
    const [place, country] = pick(random, PLACES);
    const tagCount = Math.floor(random() * 3);
    const tags = [...new Set(Array.from({ length: tagCount }, () => pick(random, TAGS)))];
    const phone = `${draft.phones[0] ?? ''} x${String(Math.floor(random() * 100_000)).padStart(5, '0')}`;
    const bad = (index + 1) % BAD_EMAIL_EVERY === 0;
    if (bad) invalidRows += 1;
    const email = bad ? `${draft.name.split(' ')[0] ?? 'someone'} at example.org` : (draft.emails[0] ?? '');
    const company = `${pick(random, COMPANY_HEADS)} ${pick(random, COMPANY_TAILS)}`;
    lines.push([draft.name, email, phone, company, pick(random, TITLES), place, country, tags.join(';'), draft.notes].map(cell).join(','));
  });
  return { bytes: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'), rows, invalidRows };
}
