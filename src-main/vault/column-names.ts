// Field names (camelCase, as records and the sync protocol name them) to
// vault column names (snake_case). One place for the rule, cached: decoding
// and writing records asks for every field of every row.

const columnNames = new Map<string, string>();

/** The column of a field: snake_case of its name. */
export function columnOf(field: string): string {
  let column = columnNames.get(field);
  if (column === undefined) {
    column = field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    // Field names are FieldName-checked (≤ 64 chars) or the code's own; the set is small, but a cap keeps odd input from growing it.
    if (columnNames.size < 10_000) columnNames.set(field, column);
  }
  return column;
}
