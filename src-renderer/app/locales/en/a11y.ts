// English: words only a screen reader says (names of controls, live-region
// announcements). Kept in one group of their own.
export const a11y = {
  a11y: {
    /** Read before an inline field's value: "Edit Title: Purchasing manager". */
    editField: 'Edit {{field}}:',
  },
} as const;
