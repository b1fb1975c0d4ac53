// How tall the forecast's bars are drawn. Scaled to the tallest month, one
// huge deal (50× the others) left every other bar a sliver nobody could read
// (walkthrough 5 #4). A sales manager compares the ordinary months with each
// other, and reads the outlier's amount from its label, so the scale tops out
// at a few times the typical month (the median of the months with deals): a
// month above that is drawn full height and cut (a break mark, and a legend
// entry saying it is not to scale), its label still its exact amount. A log
// scale was the alternative; it keeps every bar but makes 2× look like a
// little more, which misleads the comparison the chart is for. The table and
// the totals always hold the exact figures.

/** A month more than this many times the median month is drawn cut. */
export const outlierMultiple = 4;

export interface BarFigures {
  readonly amount: number;
  readonly weightedAmount: number;
}

export interface DrawnBar {
  /** The bar's height, as a share of the tallest bar there is room for (0 to 1). */
  readonly height: number;
  /** The weighted part's height, as a share of the bar's own (0 to 1). */
  readonly weightedHeight: number;
  /** The bar is taller than the scale: drawn full height with a break mark. */
  readonly cut: boolean;
}

/** The lower median of the amounts above zero (0 when there are none). */
function medianMonth(amounts: readonly number[]): number {
  const filled = amounts.filter((amount) => amount > 0).sort((a, b) => a - b);
  return filled[Math.floor((filled.length - 1) / 2)] ?? 0;
}

/** The amount a full-height bar stands for: the tallest month, or `outlierMultiple` × the median month if that is less. */
export function scaleTop(amounts: readonly number[]): number {
  const peak = Math.max(0, ...amounts);
  const top = Math.min(peak, outlierMultiple * medianMonth(amounts));
  return top > 0 ? top : 1;
}

/** Each month's bar on the shared scale; a cut bar's weighted part is on that scale too (cut as well if it is above it). */
export function drawBars(months: readonly BarFigures[]): DrawnBar[] {
  const top = scaleTop(months.map((month) => month.amount));
  return months.map(({ amount, weightedAmount }) => {
    if (amount <= 0) return { height: 0, weightedHeight: 0, cut: false };
    const cut = amount > top;
    return {
      height: cut ? 1 : amount / top,
      weightedHeight: Math.min(1, cut ? weightedAmount / top : weightedAmount / amount),
      cut,
    };
  });
}
