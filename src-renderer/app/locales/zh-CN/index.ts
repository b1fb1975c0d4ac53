// 简体中文目录：与英文目录结构完全相同（由编译器通过 Messages 检查）。
import type { Messages } from '../en';
import { a11y } from './a11y';
import { common } from './common';
import { lists } from './lists';
import { records } from './records';
import { shell } from './shell';
import { vault } from './vault';
import { work } from './work';

export const zhCN = { ...common, ...vault, ...shell, ...records, ...lists, ...work, ...a11y } as const satisfies Messages;
