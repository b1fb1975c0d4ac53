// The Simplified Chinese catalogue keeps one word per idea, as a native-speaker
// review settled it: a deal is 商机 (never 交易), the reader is 你 (never 您),
// open tasks are 未完成的任务 (never 待办任务, which reads as to-do items), and a
// record's owner is 负责人 (never 所有者). A message that brings back a banned
// term fails here by its key.
import { describe, expect, it } from 'vitest';
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

/** Banned term → the word the catalogue uses instead. */
const banned: ReadonlyMap<string, string> = new Map([
  ['交易', '商机'],
  ['您', '你'],
  ['待办任务', '未完成的任务'],
  ['所有者', '负责人'],
]);

/** Each "key: term (use word)" where a message holds a banned term. */
function glossaryBreaches(messages: ReadonlyMap<string, string>): string[] {
  const breaches: string[] = [];
  for (const [key, text] of messages) {
    for (const [term, word] of banned) if (text.includes(term)) breaches.push(`${key}: ${term} (use ${word})`);
  }
  return breaches;
}

describe('zh-CN glossary', () => {
  it('uses none of the banned terms in any message', () => {
    const messages = leaves(zhCN);
    expect(messages.size).toBeGreaterThan(300);
    expect(glossaryBreaches(messages)).toEqual([]);
  });

  it('names the key and the term of a breach', () => {
    const messages = new Map([
      ['deal.unlink', '从此交易中移除 {{name}}'],
      ['detail.notice', '您可以更改它；只有它的所有者才能更改其余内容。'],
      ['detail.relatedTasks', '待办任务'],
      ['detail.fine', '只有负责人才能更改。'],
    ]);
    expect(glossaryBreaches(messages)).toEqual([
      'deal.unlink: 交易 (use 商机)',
      'detail.notice: 您 (use 你)',
      'detail.notice: 所有者 (use 负责人)',
      'detail.relatedTasks: 待办任务 (use 未完成的任务)',
    ]);
  });
});
