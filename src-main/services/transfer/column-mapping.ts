// CSV header → import field: the suggested mapping (from header names in
// English, Chinese and Japanese, and the column names Outlook, Google and
// Excel exports use), and applying a mapping to a row's cells. Several
// columns may feed one field: emails and phones collect into lists, two
// address lines join with ", ", anything else joins with a space.
import type { Reason } from '../../../src-shared/ipc/reasons';
import { restoreNeutralisedCell } from '../../../src-shared/transfer/csv-text';
import { foldText } from '../../../src-shared/search/search-text';
import {
  accountImportFields,
  contactImportFields,
  type ColumnMapping,
  type ImportEntity,
  type ImportField,
} from '../../../src-shared/transfer/import';

/**
 * Normalised header names per field, the most specific first: when several
 * columns name one single-column field, the column whose name comes first
 * here takes it (Outlook's "Job Title" over its "Title", which is Mr. or Ms.;
 * "Business City" over "Home City"). A header is tried against the fields in
 * this order.
 */
const synonymsAsWritten: readonly [ImportField, readonly string[]][] = [
  ['firstName', ['firstname', 'givenname', 'first', 'forename', '名']],
  ['lastName', ['lastname', 'surname', 'familyname', 'last', '姓']],
  ['title', ['jobtitle', 'organizationtitle', 'organization1title', 'position', 'role', 'title', '职位', '职务', '头衔', '役職']],
  ['company', ['company', 'companyname', 'organizationname', 'organization1name', 'organization', 'organisation', 'org', 'account', 'accountname', 'employer', '公司', '公司名称', '单位', '会社', '会社名']],
  ['industry', ['industry', 'sector', '行业', '業種']],
  ['website', ['website', 'web', 'url', 'homepage', 'webpage', 'webaddress', 'website1value', '网站', '网址', 'ウェブサイト']],
  ['territory', ['territory', 'salesterritory', 'salesregion', '区域', '销售区域']],
  ['email', ['email', 'emailaddress', 'mail', 'email1', 'email1value', 'emailaddress1', 'email2', 'email2value', 'email2address', 'emailaddress2', 'email3', 'email3value', 'email3address', 'emailaddress3', 'workemail', 'homeemail', '邮箱', '电子邮件', '电子邮箱', 'メール', 'メールアドレス']],
  ['phone', ['phone', 'telephone', 'tel', 'mobile', 'mobilephone', 'cell', 'cellphone', 'businessphone', 'businessphone2', 'homephone', 'homephone2', 'workphone', 'otherphone', 'primaryphone', 'companymainphone', 'phone1value', 'phone2value', 'phone3value', 'phonenumber', '电话', '手机', '联系电话', '電話', '電話番号', '携帯']],
  ['street', ['street', 'address', 'streetaddress', 'addressline1', 'addressline2', 'address1street', 'businessstreet', 'businessstreet2', 'businessstreet3', 'homestreet', 'homestreet2', 'homestreet3', '地址', '街道', '住所']],
  ['city', ['city', 'town', 'locality', 'address1city', 'businesscity', 'homecity', '城市', '市']],
  ['region', ['region', 'state', 'province', 'county', 'address1region', 'businessstate', 'homestate', '省', '省份', '州', '都道府県']],
  ['postalCode', ['postalcode', 'zip', 'zipcode', 'postcode', 'address1postalcode', 'businesspostalcode', 'homepostalcode', '邮编', '邮政编码', '郵便番号']],
  ['country', ['country', 'countryregion', 'address1country', 'businesscountry', 'businesscountryregion', 'homecountry', 'homecountryregion', '国家', '国', '国家地区']],
  ['preferredChannel', ['preferredchannel', 'channel', 'contactpreference']],
  ['tags', ['tags', 'tag', 'labels', 'categories', 'groupmembership', '标签', 'タグ']],
  ['notes', ['notes', 'note', 'comments', 'comment', 'description', '备注', '说明', 'メモ', '備考']],
  ['name', ['name', 'fullname', 'displayname', 'contactname', 'contact', '姓名', '名字', '联系人', '氏名', '名前']],
];

/** Fields that may take several columns (all go into the list). */
const multiColumn = new Set<ImportField>(['email', 'phone', 'street', 'tags', 'notes']);

export function fieldsFor(entity: ImportEntity): readonly ImportField[] {
  return entity === 'contacts' ? contactImportFields : accountImportFields;
}

function normaliseHeader(header: string): string {
  return foldText(header).replace(/[^\p{L}\p{N}]/gu, '');
}

/** The synonyms normalised as a header is (katakana folds to hiragana: メール is matched as めーる). */
const synonyms = synonymsAsWritten.map(([field, names]) => [field, names.map(normaliseHeader)] as const);

interface HeaderMatch {
  readonly field: ImportField;
  /** Position of the header's name in the field's synonyms: lower is more specific. */
  readonly rank: number;
  /** Which address a header belongs to (Outlook's "Business …" and "Home …"), '' when it does not say. */
  readonly group: string;
}

function fieldForHeader(header: string, entity: ImportEntity): HeaderMatch | null {
  const key = normaliseHeader(header);
  if (key === '') return null;
  const group = /^(business|home|other|address\d+)/.exec(key)?.[1] ?? '';
  // For accounts, a "Company" column is the account's name.
  if (entity === 'accounts' && synonyms.find(([field]) => field === 'company')?.[1].includes(key)) return { field: 'name', rank: -1, group };
  const allowed = fieldsFor(entity);
  for (const [field, names] of synonyms) {
    const rank = names.indexOf(key);
    if (allowed.includes(field) && rank >= 0) return { field, rank, group };
  }
  return null;
}

/**
 * A mapping suggested from the header names. A single-column field goes to
 * the column with its most specific name (the first such column among
 * equals); the street lines come from one address only, the one of the
 * street column with the most specific name, so a home street is not joined
 * to a business one.
 */
export function suggestMapping(headers: readonly string[], entity: ImportEntity): ColumnMapping {
  const matches = headers.map((header) => fieldForHeader(header, entity));
  const chosen = new Map<ImportField, HeaderMatch & { readonly column: number }>();
  matches.forEach((match, column) => {
    if (match === null) return;
    const best = chosen.get(match.field);
    if (best === undefined || match.rank < best.rank) chosen.set(match.field, { ...match, column });
  });
  return matches.map((match, column) => {
    if (match === null) return null;
    const best = chosen.get(match.field);
    if (match.field === 'street') return match.group === best?.group ? 'street' : null;
    if (multiColumn.has(match.field)) return match.field;
    return best?.column === column ? match.field : null;
  });
}

/** Why a mapping cannot be imported: in English, and as a reason the renderer words. */
export interface MappingProblem {
  readonly message: string;
  readonly reason: Reason;
}

/** Checks a mapping the user chose: fields of the entity only, single fields once. */
export function mappingProblem(mapping: ColumnMapping, entity: ImportEntity): MappingProblem | null {
  const allowed = fieldsFor(entity);
  const seen = new Set<ImportField>();
  for (const field of mapping) {
    if (field === null) continue;
    if (!allowed.includes(field)) {
      return { message: `The field ${field} cannot be imported into ${entity}`, reason: { code: 'field_not_for_entity', field, entity } };
    }
    if (seen.has(field) && !multiColumn.has(field)) {
      return { message: `The field ${field} is mapped to more than one column`, reason: { code: 'field_mapped_twice', field } };
    }
    seen.add(field);
  }
  if (!seen.has('name') && !(entity === 'contacts' && (seen.has('firstName') || seen.has('lastName')))) {
    const message = entity === 'contacts' ? 'Map a column to the name (or to first and last name)' : 'Map a column to the name';
    return { message, reason: { code: 'name_unmapped', entity } };
  }
  return null;
}

export type FieldValues = Partial<Record<ImportField, string[]>>;

/** The non-empty cell values of each mapped field, trimmed. */
export function fieldsFromCells(cells: readonly string[], mapping: ColumnMapping): FieldValues {
  const values: FieldValues = {};
  mapping.forEach((field, column) => {
    if (field === null) return;
    const cell = restoreNeutralisedCell(cells[column] ?? '').trim();
    if (cell !== '') (values[field] ??= []).push(cell);
  });
  return values;
}
