// The forecast answer lists only months that have deals; a chart reads better
// with every month of the range, so the empty ones are filled with zeros.
import { ForecastQuery, type Forecast } from '../../../src-shared/domain/pipeline';

export type ForecastMonth = Forecast['months'][number];

/**
 * Every YYYY-MM from `from` to `to`, inclusive; none for a range the forecast
 * would refuse (a month left blank, an end before the start, more than its
 * maximum), which a chart must not try to draw: a blank start read as year 0
 * gave 24,000 months and froze the page.
 */
export function monthsIn(from: string, to: string): string[] {
  if (!ForecastQuery.safeParse({ fromMonth: from, toMonth: to }).success) return [];
  const [fromYear = 0, fromMonth = 1] = from.split('-').map(Number);
  const [toYear = 0, toMonth = 1] = to.split('-').map(Number);
  const months: string[] = [];
  for (let year = fromYear, month = fromMonth; year < toYear || (year === toYear && month <= toMonth); ) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** One row per month of the range for `currency`, zeros where the answer had none. */
export function fillMonths(months: readonly ForecastMonth[], currency: string, from: string, to: string): ForecastMonth[] {
  const byMonth = new Map(months.filter((month) => month.currency === currency).map((month) => [month.month, month]));
  return monthsIn(from, to).map(
    (month) => byMonth.get(month) ?? { month, currency, dealCount: 0, amount: 0, weightedAmount: 0 },
  );
}
