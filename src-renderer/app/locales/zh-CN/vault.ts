// 简体中文：保险库打开之前的页面，以及保险库设置。
import type { Messages } from '../en';

export const vault = {
  create: {
    title: '创建你的保险库',
    explainer:
      '你的客户数据加密保存在这台电脑上。解锁需要两样东西：你在这里设置的密码，以及保存在本设备钥匙串中的密钥。缺一不可。',
    warning: '如果忘记此密码，这台电脑上的数据将无法恢复，只能从组织的服务器重新同步。',
    password: '密码',
    passwordHint: '至少 10 个字符。一句简短的话容易记住，也难以猜到。',
    passwordShort: '目前 {{count}} 个字符，需要 {{min}} 个。再多写几个字吧。',
    confirm: '确认密码',
    wipedNotice: '由于解锁失败次数过多，此设备上原来的保险库已被清除。请创建新的保险库，然后同步以恢复数据。',
    submit: '创建保险库',
    busy: '正在创建保险库…',
  },
  unlock: {
    title: '解锁 FieldVault',
    explainer: '输入密码以打开保存在这台电脑上的客户数据。',
    password: '密码',
    submit: '解锁',
    busy: '正在解锁…',
    startOver: '设置新的保险库',
    attemptsLeft_one: '还剩 {{count}} 次尝试机会，之后此设备上的保险库将被清除。',
    attemptsLeft_other: '还剩 {{count}} 次尝试机会，之后此设备上的保险库将被清除。',
    retryIn: '{{seconds}} 秒后重试',
    checkTyping: '请确认大写锁定已关闭，并且没有通过拼音等输入法输入。',
    unopenable: {
      explainer:
        '缺少设备密钥后，无论使用什么密码都无法再打开此保险库。你可以清除它并设置新的保险库；已同步的记录会在你重新连接组织的服务器后恢复，从未同步的更改将会丢失。',
      erase: '清除此保险库…',
      confirm: '现在清除此设备上的保险库吗？此操作无法撤销。',
      confirmErase: '清除保险库',
      cancel: '取消',
      busy: '正在清除…',
    },
  },
  settings: {
    title: '设置',
    appearance: {
      title: '外观与语言',
      body: '这些选择会保存在这台电脑上，下次打开 FieldVault 时仍然有效。',
      theme: '主题',
      themeSystem: '跟随系统',
      themeLight: '浅色',
      themeDark: '深色',
      language: '语言',
    },
    password: {
      title: '修改密码',
      body: '用新密码重新加密保险库密钥。你的数据保持不变。',
      current: '当前密码',
      next: '新密码',
      confirm: '确认新密码',
      submit: '修改密码',
      busy: '正在修改密码…',
      done: '密码已修改。',
    },
    rotate: {
      title: '轮换加密密钥',
      body: '用新的密钥重新加密整个保险库。记录很多时可能需要一些时间；中途中断也是安全的。',
      submit: '轮换密钥',
      busy: '正在轮换加密密钥…',
      done: '保险库现在使用新的加密密钥。',
    },
    destroy: {
      title: '销毁保险库',
      body: '从这台电脑上删除保险库及其设备密钥。尚未同步的内容将永久丢失。',
      password: '密码',
      confirm: '我了解这台电脑上的所有数据都将被删除',
      confirmRequired: '请勾选以确认',
      submit: '销毁保险库',
      busy: '正在销毁…',
    },
  },
} as const satisfies Pick<Messages, 'create' | 'unlock' | 'settings'>;
