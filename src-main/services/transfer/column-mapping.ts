// CSV header → import field: the suggested mapping (from header names in
// English, Chinese and Japanese, and the column names Outlook, Google and
// Excel exports use), and applying a mapping to a row's cells. Several
// columns may feed one field: emails and phones collect into lists, two
// address lines join with ", ", anything else joins with a space.
import { foldText } from '../../../src-shared/search/search-text';
import {
  accountImportFields,
  contactImportFields,
  type ColumnMapping,
  type ImportEntity,
  type ImportField,
} from '../../../src-shared/transfer/import';

/** Normalised header names per field. Order matters: the first field whose list holds a header wins. */
const synonyms: readonly [ImportField, readonly string[]][] = [
  ['firstName', ['firstname', 'givenname', 'first', 'forename', '名']],
  ['lastName', ['lastname', 'surname', 'familyname', 'last', '姓']],
  ['title', ['title', 'jobtitle', 'position', 'role', '职位', '职务', '头衔', '役職']],
  ['company', ['company', 'companyname', 'organization', 'organisation', 'org', 'account', 'accountname', 'employer', '公司', '公司名称', '单位', '会社', '会社名']],
  ['industry', ['industry', 'sector', '行业', '業種']],
  ['website', ['website', 'web', 'url', 'homepage', 'webpage', 'webaddress', '网站', '网址', 'ウェブサイト']],
  ['territory', ['territory', 'salesterritory', 'salesregion', '区域', '销售区域']],
  ['email', ['email', 'emailaddress', 'mail', 'email1', 'email1value', 'emailaddress1', 'email2', 'email2value', 'emailaddress2', 'workemail', 'homeemail', '邮箱', '电子邮件', '电子邮箱', 'メール', 'メールアドレス']],
  ['phone', ['phone', 'telephone', 'tel', 'mobile', 'mobilephone', 'cell', 'cellphone', 'businessphone', 'homephone', 'workphone', 'phone1value', 'phone2value', 'phonenumber', '电话', '手机', '联系电话', '電話', '電話番号', '携帯']],
  ['street', ['street', 'address', 'streetaddress', 'addressline1', 'addressline2', 'businessstreet', 'homestreet', '地址', '街道', '住所']],
  ['city', ['city', 'town', 'businesscity', 'homecity', 'locality', '城市', '市']],
  ['region', ['region', 'state', 'province', 'county', 'businessstate', 'homestate', '省', '省份', '州', '都道府県']],
  ['postalCode', ['postalcode', 'zip', 'zipcode', 'postcode', 'businesspostalcode', 'homepostalcode', '邮编', '邮政编码', '郵便番号']],
  ['country', ['country', 'businesscountry', 'homecountry', 'countryregion', 'businesscountryregion', '国家', '国', '国家地区']],
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

function fieldForHeader(header: string, entity: ImportEntity): ImportField | null {
  const key = normaliseHeader(header);
  if (key === '') return null;
  // For accounts, a "Company" column is the account's name.
  if (entity === 'accounts' && synonyms.find(([field]) => field === 'company')?.[1].includes(key)) return 'name';
  const allowed = fieldsFor(entity);
  for (const [field, names] of synonyms) {
    if (allowed.includes(field) && names.includes(key)) return field;
  }
  return null;
}

/** A mapping suggested from the header names; a field is used once unless it takes several columns. */
export function suggestMapping(headers: readonly string[], entity: ImportEntity): ColumnMapping {
  const used = new Set<ImportField>();
  return headers.map((header) => {
    const field = fieldForHeader(header, entity);
    if (field === null || (used.has(field) && !multiColumn.has(field))) return null;
    used.add(field);
    return field;
  });
}

/** Checks a mapping the user chose: fields of the entity only, single fields once. */
export function mappingProblem(mapping: ColumnMapping, entity: ImportEntity): string | null {
  const allowed = fieldsFor(entity);
  const seen = new Set<ImportField>();
  for (const field of mapping) {
    if (field === null) continue;
    if (!allowed.includes(field)) return `The field ${field} cannot be imported into ${entity}`;
    if (seen.has(field) && !multiColumn.has(field)) {
      return `The field ${field} is mapped to more than one column`;
    }
    seen.add(field);
  }
  if (!seen.has('name') && !(entity === 'contacts' && (seen.has('firstName') || seen.has('lastName')))) {
    return entity === 'contacts' ? 'Map a column to the name (or to first and last name)' : 'Map a column to the name';
  }
  return null;
}

export type FieldValues = Partial<Record<ImportField, string[]>>;

/**
 * Undoes the export's formula neutralisation (export.service neutraliseCell):
 * an apostrophe that only guards a leading = + - @ tab or CR is dropped, so an
 * exported file imports back to the same values ("+44 …" phones included).
 */
export function restoreNeutralisedCell(cell: string): string {
  return /^'([=+\-@\t\r]|\s+[=+\-@])/.test(cell) ? cell.slice(1) : cell;
}

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
