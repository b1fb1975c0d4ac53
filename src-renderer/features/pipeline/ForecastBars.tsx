// One currency's forecast as bars: a legend naming the two shades, and a bar
// per month with its amount above it. Bars are drawn on the scale of
// forecast-scale.ts: a month far above the typical one is drawn cut (a break
// mark, and a legend entry saying so) so the other months stay readable; its
// label is still its exact amount. Hidden from a screen reader, which gets
// every figure from the table below.
import { useTranslation } from 'react-i18next';
import { formatMoney, formatMonth } from '../../ui/format';
import type { ForecastMonth } from './forecast-months';
import { drawBars } from './forecast-scale';

const percent = (share: number): string => `${String(share * 100)}%`;

export function ForecastBars({ months, currency }: { readonly months: readonly ForecastMonth[]; readonly currency: string }) {
  const { t } = useTranslation();
  const bars = drawBars(months);
  return (
    <>
      <ul className="forecast__legend" aria-hidden="true" data-testid="forecast-legend">
        <li>
          <span className="forecast__swatch" />
          {t('pipeline.legendAmount')}
        </li>
        <li>
          <span className="forecast__swatch forecast__swatch--weighted" />
          {t('pipeline.legendWeighted')}
        </li>
        {bars.some((bar) => bar.cut) ? (
          <li data-testid="forecast-legend-cut">
            <span className="forecast__swatch forecast__swatch--cut" />
            {t('pipeline.legendCut')}
          </li>
        ) : null}
      </ul>
      <div className="forecast__bars" aria-hidden="true">
        {months.map((month, index) => {
          const bar = bars[index];
          const classes = ['forecast__stack', month.amount > 0 ? 'forecast__stack--filled' : '', bar?.cut === true ? 'forecast__stack--cut' : ''];
          return (
            <div key={month.month} className="forecast__bar">
              <span className="forecast__value tabular" data-testid="forecast-bar-value">
                {month.amount === 0 ? '' : formatMoney(month.amount, currency)}
              </span>
              <div className={classes.filter((name) => name !== '').join(' ')} style={{ height: percent(bar?.height ?? 0) }}>
                <div className="forecast__weighted" style={{ height: percent(bar?.weightedHeight ?? 0) }} />
              </div>
              <span className="forecast__label">{formatMonth(month.month)}</span>
            </div>
          );
        })}
      </div>
    </>
  );
}
