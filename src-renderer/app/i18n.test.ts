// The two catalogues have the same keys and the same {{placeholders}} per
// key, the language is picked from the browser's list, and switching it
// changes what t() returns.
import { describe, expect, it } from 'vitest';
import { i18n, pickLocale, setLocale } from './i18n';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') found.set(path, value);
    else for (const [inner, text] of leaves(value, path)) found.set(inner, text);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)(?:, *\w+)?\}\}/g)].map((match) => match[1]).sort();

describe('i18n catalogues', () => {
  const english = leaves(en);
  const chinese = leaves(zhCN);

  it('have exactly the same keys', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
    expect(english.size).toBeGreaterThan(300);
  });

  it('use the same placeholders in every message', () => {
    const mismatched = [...english].filter(([key, text]) => placeholders(text).join() !== placeholders(chinese.get(key) ?? '').join());
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('leave no message empty and no English behind in the Chinese catalogue', () => {
    expect([...english].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
    // Brand names, key caps and symbols may stay as they are; a sentence may not.
    const untranslated = [...chinese].filter(([key, text]) => text === english.get(key) && /[a-z]{3,}\s+[a-z]{3,}/i.test(text));
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });
});

describe('pickLocale', () => {
  it('picks Simplified Chinese for zh, zh-CN, zh-Hans and zh-SG', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN', 'zh-SG']) expect(pickLocale([tag])).toBe('zh-CN');
  });

  it('does not show Simplified Chinese to Traditional-script readers', () => {
    expect(pickLocale(['zh-TW'])).toBe('en');
    expect(pickLocale(['zh-Hant-HK', 'zh-CN'])).toBe('zh-CN');
  });

  it('takes the first supported language and falls back to English', () => {
    expect(pickLocale(['fr-FR', 'zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLocale(['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLocale(['de', 'fr'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });
});

describe('switching language', () => {
  it('changes messages, plurals and interpolation', () => {
    setLocale('zh-CN');
    expect(i18n.t('nav.contacts')).toBe('联系人');
    expect(i18n.t('list.count', { count: 3 })).toBe('3 条记录');
    expect(i18n.t('search.more', { count: 30 })).toBe('仅显示前 30 个结果，继续输入可缩小范围。');
    setLocale('en');
    expect(i18n.t('nav.contacts')).toBe('Contacts');
    expect(i18n.t('search.more', { count: 1 })).toBe('Showing the first 1 result. Type more to narrow the search.');
    expect(i18n.t('search.more', { count: 30 })).toBe('Showing the first 30 results. Type more to narrow the search.');
    expect(i18n.t('list.count', { count: 1 })).toBe('1 record');
    expect(i18n.t('list.count', { count: 2 })).toBe('2 records');
    expect(i18n.t('list.count', { count: 1234567 })).toBe('1,234,567 records');
    expect(i18n.t('transfer.exported', { count: 1 })).toBe('1 row exported');
    expect(i18n.t('transfer.exported', { count: 48000 })).toBe('48,000 rows exported');
  });

  it('gives every English message that counts something in words its singular form too', () => {
    // "{{count}} rows": a message that names what it counts needs _one and _other, or 1 reads "1 rows".
    const counted = [...leaves(en)].filter(([, text]) => /\{\{count[^}]*\}\} [a-z]+s\b/.test(text));
    expect(counted.filter(([key]) => !key.endsWith('_one') && !key.endsWith('_other')).map(([key]) => key)).toEqual([]);
  });
});

describe('a value put into a message', () => {
  it('is isolated when it is written right to left, so the text around it keeps its place', () => {
    expect(i18n.t('detail.contactUnlinked', { name: 'שרה כהן' })).toBe('\u2068שרה כהן\u2069 removed from this deal');
    expect(i18n.t('bulk.selectRow', { name: 'ليلى (مبيعات)' })).toBe('Select \u2068ليلى (مبيعات)\u2069');
    // A value carrying a bidi control (a right-to-left override pasted in) cannot turn the message around either.
    expect(i18n.t('bulk.selectRow', { name: 'Ann \u202eeloc' })).toBe('Select \u2068Ann \u202eeloc\u2069');
  });

  it('is left as it is when it reorders nothing: a Latin or Chinese name, a number', () => {
    expect(i18n.t('detail.contactUnlinked', { name: 'Ann O’Neil' })).toBe('Ann O’Neil removed from this deal');
    expect(i18n.t('bulk.selectRow', { name: '<b>&amp;' })).toBe('Select <b>&amp;');
    expect(i18n.t('list.count', { count: 1234567 })).toBe('1,234,567 records');
    setLocale('zh-CN');
    expect(i18n.t('bulk.selectRow', { name: '王小明' })).toBe('选择“王小明”');
    setLocale('en');
  });
});
