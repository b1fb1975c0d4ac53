// 简体中文：只由读屏软件读出的文字（控件名称、实时区域的播报）。
import type { Messages } from '../en';

export const a11y = {
  a11y: {
    editField: '编辑{{field}}：',
    listCount: {
      contact_one: '{{count, number}} 位联系人',
      contact_other: '{{count, number}} 位联系人',
      account_one: '{{count, number}} 个客户',
      account_other: '{{count, number}} 个客户',
      deal_one: '{{count, number}} 个商机',
      deal_other: '{{count, number}} 个商机',
      activity_one: '{{count, number}} 条活动',
      activity_other: '{{count, number}} 条活动',
      task_one: '{{count, number}} 项任务',
      task_other: '{{count, number}} 项任务',
    },
    listCountMore: {
      contact: '{{count, number}}+ 位联系人',
      account: '{{count, number}}+ 个客户',
      deal: '{{count, number}}+ 个商机',
      activity: '{{count, number}}+ 条活动',
      task: '{{count, number}}+ 项任务',
    },
    searchResults_one: '{{count, number}} 个结果',
    searchResults_other: '{{count, number}} 个结果',
    importPercent: '{{phase}} 已完成 {{percent}}%',
  },
} as const satisfies Pick<Messages, 'a11y'>;
