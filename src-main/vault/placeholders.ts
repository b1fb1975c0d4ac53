// SQL text for multi-row statements: only `?` placeholders, never values.

/** `(?, ?, …), (?, ?, …)`: `count` rows of `width` placeholders, for a multi-row VALUES list. */
export function placeholderRows(count: number, width: number): string {
  const row = `(${new Array<string>(width).fill('?').join(', ')})`;
  return new Array<string>(count).fill(row).join(', ');
}
