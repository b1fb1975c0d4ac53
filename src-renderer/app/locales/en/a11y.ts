// English: words only a screen reader says (names of controls, live-region
// announcements). Kept in one group of their own.
export const a11y = {
  a11y: {
    /** Read before an inline field's value: "Edit Title: Purchasing manager". */
    editField: 'Edit {{field}}:',
    listCount: {
      contact_one: '{{count, number}} contact',
      contact_other: '{{count, number}} contacts',
      account_one: '{{count, number}} account',
      account_other: '{{count, number}} accounts',
      deal_one: '{{count, number}} deal',
      deal_other: '{{count, number}} deals',
      activity_one: '{{count, number}} activity',
      activity_other: '{{count, number}} activities',
      task_one: '{{count, number}} task',
      task_other: '{{count, number}} tasks',
    },
    listCountMore: {
      contact: '{{count, number}}+ contacts',
      account: '{{count, number}}+ accounts',
      deal: '{{count, number}}+ deals',
      activity: '{{count, number}}+ activities',
      task: '{{count, number}}+ tasks',
    },
    searchResults_one: '{{count, number}} result',
    searchResults_other: '{{count, number}} results',
    importPercent: '{{phase}} {{percent}}% done',
  },
} as const;
