// Data the CRM browser test imports: a 1,000-row contact CSV with exactly ten
// bad rows (five without a name, five with an impossible email address) and
// one cell a spreadsheet would run as a formula.
export interface ImportFile {
  readonly csv: string;
  readonly good: number;
  readonly badRows: readonly number[];
}

const withoutName = new Set([7, 207, 407, 607, 807]);
const badEmail = new Set([53, 253, 453, 653, 853]);

export function contactCsv(rows = 1_000): ImportFile {
  const lines = ['Name,Email,Phone,Company,City'];
  const badRows: number[] = [];
  for (let index = 1; index <= rows; index += 1) {
    const id = String(index).padStart(4, '0');
    // The file's row number: the header is row 1.
    const row = index + 1;
    let name = `Import Person ${id}`;
    let email = `person${id}@example.org`;
    if (withoutName.has(index)) {
      name = '';
      badRows.push(row);
    } else if (badEmail.has(index)) {
      email = `person${id}-at-example.org`;
      badRows.push(row);
    } else if (index === 500) {
      name = '=HYPERLINK("http://evil.example","click")';
    }
    const quoted = name.includes('"') || name.includes(',') ? `"${name.replaceAll('"', '""')}"` : name;
    lines.push([quoted, email, `+1 555 01${id}`, `Firm ${(index % 5) + 1}`, 'Springfield'].join(','));
  }
  return { csv: `${lines.join('\r\n')}\r\n`, good: rows - badRows.length, badRows };
}

/** Local date-time for an <input type="datetime-local">, `days` from today at hh:mm. */
export function localDateTime(days: number, hours: number, minutes = 0): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  date.setHours(hours, minutes);
  return dateTimeInput(date);
}

/** A moment as an <input type="datetime-local"> takes it: local, to the minute. */
export function dateTimeInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
