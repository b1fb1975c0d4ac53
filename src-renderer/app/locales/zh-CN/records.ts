// 简体中文：实体名称、字段标签和枚举值。
import type { Messages } from '../en';

export const records = {
  entity: {
    contact: { one: '联系人', inSentence: '联系人', other: '联系人', new: '新建联系人', deleted: '联系人已删除', restored: '联系人已恢复' },
    account: { one: '客户', inSentence: '客户', other: '客户', new: '新建客户', deleted: '客户已删除', restored: '客户已恢复' },
    deal: { one: '商机', inSentence: '商机', other: '商机', new: '新建商机', deleted: '商机已删除', restored: '商机已恢复' },
    activity: { one: '活动', inSentence: '活动', other: '活动', new: '记录活动', deleted: '活动已删除', restored: '活动已恢复' },
    task: { one: '任务', inSentence: '任务', other: '任务', new: '新建任务', deleted: '任务已删除', restored: '任务已恢复' },
  },
  field: {
    name: '名称',
    title: '职位',
    taskTitle: '标题',
    account: '客户',
    contact: '联系人',
    contacts: '联系人',
    deal: '商机',
    emails: '电子邮件地址',
    email: '电子邮件',
    phones: '电话号码',
    phone: '电话',
    address: '地址',
    street: '街道',
    city: '城市',
    region: '省 / 州',
    postalCode: '邮政编码',
    country: '国家或地区',
    preferredChannel: '首选联系方式',
    tags: '标签',
    notes: '备注',
    owner: '负责人',
    industry: '行业',
    website: '网站',
    territory: '区域',
    amount: '金额',
    currency: '币种',
    stage: '阶段',
    probability: '赢单概率',
    expectedCloseDate: '预计成交',
    lostReason: '丢单原因',
    kind: '类型',
    subject: '主题',
    occurredAt: '时间',
    durationMinutes: '时长（分钟）',
    duration: '时长',
    outcome: '结果',
    body: '详情',
    dueAt: '截止',
    remindAt: '提醒',
    priority: '优先级',
    status: '状态',
    assignee: '执行人',
    createdAt: '创建时间',
    updatedAt: '更新时间',
    related: '关联对象',
  },
  hint: {
    emails: '每行一个。第一个为主要地址。',
    phones: '每行一个。第一个为主要号码。',
    tags: '用逗号分隔多个标签。',
    amount: '以商机的币种计，例如 12500.00',
    website: '以 https:// 或 http:// 开头',
  },
  channel: { any: '不限', email: '电子邮件', phone: '电话', sms: '短信', meeting: '当面', none: '请勿联系' },
  activityKind: { call: '电话', meeting: '会议', email: '邮件', note: '笔记' },
  taskStatus: { open: '待办', in_progress: '进行中', done: '已完成', cancelled: '已取消' },
  taskPriority: { low: '低', normal: '普通', high: '高' },
  stageKind: { open: '进行中', won: '赢单', lost: '丢单' },
  stageName: { lead: '线索', qualified: '已确认', proposal: '方案', negotiation: '谈判', won: '赢单', lost: '丢单' },
  owner: { me: '我', local: '本设备的用户', other: '用户 {{id}}', sameName: '{{name}}（{{id}}）' },
  sensitivity: {
    masked: '已隐藏',
    reveal: '显示',
    sensitiveHint: '敏感内容：仅在你要求时显示',
  },
  longText: {
    count_one: '{{count, number}} / {{max, number}} 个字符',
    count_other: '{{count, number}} / {{max, number}} 个字符',
    over_one: '已超出 {{count, number}} 个字符（上限 {{max, number}} 个字符）：请缩短后再保存',
    over_other: '已超出 {{count, number}} 个字符（上限 {{max, number}} 个字符）：请缩短后再保存',
  },
  duration: {
    minutes: '{{count, number}} 分钟',
    hours: '{{count, number}} 小时',
    hoursMinutes: '{{hours, number}} 小时 {{minutes, number}} 分钟',
  },
  noAccount: '无客户',
  noValue: '未填写',
  trashed: '在回收站中',
} as const satisfies Pick<
  Messages,
  | 'entity'
  | 'field'
  | 'hint'
  | 'channel'
  | 'activityKind'
  | 'taskStatus'
  | 'taskPriority'
  | 'stageKind'
  | 'stageName'
  | 'owner'
  | 'sensitivity'
  | 'longText'
  | 'duration'
  | 'noAccount'
  | 'noValue'
  | 'trashed'
>;
