// 简体中文：只由读屏软件读出的文字（控件名称、实时区域的播报）。
import type { Messages } from '../en';

export const a11y = {
  a11y: {
    editField: '编辑{{field}}：',
  },
} as const satisfies Pick<Messages, 'a11y'>;
