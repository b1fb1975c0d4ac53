// Steps for the forecast's month range: month arithmetic on 'YYYY-MM'.

/** The month `count` months after `month` ('YYYY-MM'; a negative count goes back). */
export function monthsAfter(month: string, count: number): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, number - 1 + count, 1));
  return `${String(date.getUTCFullYear())}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}
