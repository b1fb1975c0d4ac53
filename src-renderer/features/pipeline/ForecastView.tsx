// The forecast: open and won deals by expected close month, amount and
// weighted amount (pipeline.forecast), as bars and a table, one block per
// currency because amounts in different currencies are never added up. Each
// block is a region named by its heading, the currency's name in the UI
// language with its code ("Euro (EUR)", "欧元（EUR）"), which also names its
// table, and says its totals over the shown months: amount and weighted.
// The range's months are chosen in the UI language (MonthPicker); a month the
// range check refuses points at the message (aria-invalid, aria-describedby).
// The bars (ForecastBars: a legend, each bar's amount, a month far above the
// others drawn cut) are hidden from a screen reader, which gets every value
// from the table; an empty forecast offers to create a deal. While a new range's
// forecast loads, the figures are marked busy and the previous range's are
// not shown: under the new months in the pickers they would read as theirs.
// While the check refuses the range, nothing is asked and the last range's
// figures stay, dimmed under a caption naming their months: a range is
// often refused for a moment while its months are changed one at a time, and
// figures that vanished and came back would make the page jump, while the
// caption keeps them from reading as the refused range's. A screen reader
// hears the message from a live region mounted with the page. A sync that
// changed deals, or an Undo toast that put a deal back (app/local-changes.ts),
// asks for the range's figures again (the ones shown stay
// until the answer comes), and a failure offers Try again. Open deals that
// were expected to close before the range's first month are said apart,
// with their amounts (no month of the range shows them).
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ForecastQuery, type Forecast } from '../../../src-shared/domain/pipeline';
import { useApi } from '../../app/api-context';
import { onRecordChanges } from '../../app/local-changes';
import { LiveRegion } from '../../ui/LiveRegion';
import { issuesByField } from '../../ui/form-errors';
import { formatCurrencyName, formatMonth, formatMoney, formatNumber, todayIso } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Empty, Failed, Loading } from '../../ui/States';
import { wordsText, type Words } from '../../ui/words';
import { Icon } from '../../ui/icons';
import { DealsViewSwitch } from '../deals/DealsViewSwitch';
import { MonthPicker, type MonthPickerProps } from '../deals/MonthPicker';
import { useCreateRecord } from '../records/create-record';
import { ForecastBars } from './ForecastBars';
import { fillMonths } from './forecast-months';

function monthOffset(months: number): string {
  const now = new Date();
  const date = new Date(now.getFullYear(), now.getMonth() + months, 1);
  return todayIso(date).slice(0, 7);
}

interface Range {
  readonly fromMonth: string;
  readonly toMonth: string;
}

/**
 * The outcome of the last forecast asked for, with its range: the pickers may
 * hold another one (a new range loading, or one the check refuses).
 */
type State = (Range & { kind: 'failed'; message: Words }) | (Range & { kind: 'loaded'; forecast: Forecast });

const sameRange = (a: Range, b: Range): boolean => a.fromMonth === b.fromMonth && a.toMonth === b.toMonth;

export function ForecastView() {
  const { t } = useTranslation();
  const api = useApi();
  const creator = useCreateRecord();
  const [range, setRange] = useState({ fromMonth: monthOffset(0), toMonth: monthOffset(5) });
  const [state, setState] = useState<State | null>(null);
  /** Bumped to ask for the same range again: Try again, or a sync (or an Undo toast) that changed deals. */
  const [reads, setReads] = useState(0);
  // Checked in render, so the frame a month changes in already shows (or drops) the message.
  const parsed = useMemo(() => ForecastQuery.safeParse(range), [range]);
  const query = parsed.success ? parsed.data : null;
  const rangeErrors = useMemo(() => (parsed.success ? {} : issuesByField(parsed.error.issues, ['fromMonth', 'toMonth'])), [parsed]);
  const rangeWords = rangeErrors.toMonth ?? rangeErrors.fromMonth;
  // Worded in render (not kept in the memo), so it follows a language switch.
  const rangeError = rangeWords === undefined ? undefined : wordsText(rangeWords);
  const id = useId();
  const rangeErrorId = `${id}-range-error`;
  /** What a month picker carries while the message is about it. */
  const invalid = (field: 'fromMonth' | 'toMonth'): MonthPickerProps['invalid'] =>
    rangeErrors[field] === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': rangeErrorId };

  useEffect(() => {
    if (query === null) return;
    let current = true;
    const range = { fromMonth: query.fromMonth, toMonth: query.toMonth };
    api.invoke('pipeline.forecast', query).then(
      (forecast) => {
        if (current) setState({ kind: 'loaded', forecast, ...range });
      },
      (error: unknown) => {
        if (current) setState({ kind: 'failed', message: { error }, ...range });
      },
    );
    return () => {
      current = false;
    };
  }, [api, query, reads]);

  useEffect(
    () =>
      onRecordChanges(api, ({ entities }) => {
        if (entities.includes('deals')) setReads((count) => count + 1);
      }),
    [api],
  );

  // What the figures show: the outcome for the range in the pickers, in the render the range changes in;
  // null (busy) until it is in. While the check refuses the range nothing loads: the last range's figures
  // stay, marked as that range's (`stale`), but not its failure nor "no deals" (words about "this period").
  const stale = query === null && state?.kind === 'loaded' && state.forecast.months.length > 0 ? state : null;
  const shown = stale ?? (state !== null && query !== null && sameRange(state, query) ? state : null);
  const busy = query !== null && shown === null;
  const currencies = shown?.kind === 'loaded' ? [...new Set(shown.forecast.months.map((month) => month.currency))] : [];

  return (
    <div className="page" data-testid="forecast">
      <PageHeader title={t('pipeline.forecastTitle')} subtitle={<span className="muted">{t('pipeline.forecastBody')}</span>} actions={<DealsViewSwitch current="forecast" />} />
      <div className="forecast-range">
        <MonthPicker label={t('pipeline.from')} testId="forecast-from" invalid={invalid('fromMonth')} value={range.fromMonth} onChange={(fromMonth) => setRange((r) => ({ ...r, fromMonth }))} />
        <MonthPicker label={t('pipeline.to')} testId="forecast-to" invalid={invalid('toMonth')} value={range.toMonth} onChange={(toMonth) => setRange((r) => ({ ...r, toMonth }))} />
        {rangeError === undefined ? null : (
          <p className="field__error" id={rangeErrorId} data-testid="forecast-range-error">
            {rangeError}
          </p>
        )}
      </div>
      <LiveRegion text={rangeError ?? ''} testId="forecast-announcement" />
      <div className={stale === null ? 'forecast-figures' : 'forecast-figures forecast-figures--stale'} data-testid="forecast-figures" aria-busy={busy}>
        {busy ? <Loading testId="forecast-loading" /> : null}
        {stale === null ? null : (
          <p className="forecast__stale" data-testid="forecast-stale">
            {t('pipeline.forecastStale', { from: formatMonth(stale.fromMonth), to: formatMonth(stale.toMonth) })}
          </p>
        )}
        {shown?.kind === 'loaded' && shown.forecast.overdue.length > 0 ? (
          <p className="forecast__overdue" role="note" data-testid="forecast-overdue">
            {t('pipeline.forecastOverdue', {
              count: shown.forecast.overdue.reduce((sum, row) => sum + row.dealCount, 0),
              month: formatMonth(shown.fromMonth),
              amounts: shown.forecast.overdue.map((row) => formatMoney(row.amount, row.currency)).join(' · '),
            })}
          </p>
        ) : null}
        {shown?.kind === 'failed' ? <Failed message={wordsText(shown.message)} testId="forecast-failed" onRetry={() => setReads((count) => count + 1)} /> : null}
        {shown?.kind === 'loaded' && currencies.length === 0 ? (
          <Empty
            icon="chart"
            title={t('pipeline.forecastEmpty')}
            testId="forecast-empty"
            action={
              <button type="button" className="button button--primary" data-testid="forecast-new-deal" onClick={() => creator.open({ kind: 'deal' })}>
                <Icon name="plus" size={16} />
                {t('entity.deal.new')}
              </button>
            }
          />
        ) : null}
        {shown?.kind === 'loaded'
          ? currencies.map((currency) => {
              const months = fillMonths(shown.forecast.months, currency, shown.fromMonth, shown.toMonth);
              const headingId = `${id}-currency-${currency}`;
              const totals = [
                { label: t('pipeline.total'), amount: months.reduce((sum, month) => sum + month.amount, 0), testId: 'forecast-total' },
                { label: t('pipeline.weightedTotal'), amount: months.reduce((sum, month) => sum + month.weightedAmount, 0), testId: 'forecast-weighted-total' },
              ];
              return (
                <section key={currency} className="card forecast" data-testid="forecast-currency" aria-labelledby={headingId}>
                  <div className="forecast__head">
                    <h2 className="forecast__title" id={headingId} data-testid="forecast-currency-heading">
                      {formatCurrencyName(currency)}
                    </h2>
                    <dl className="forecast__totals">
                      {totals.map(({ label, amount, testId }) => (
                        <div key={testId}>
                          <dt>{label}</dt>
                          <dd className="tabular" data-testid={testId}>
                            {formatMoney(amount, currency)}
                          </dd>
                        </div>
                      ))}
                    </dl>
                  </div>
                  <ForecastBars months={months} currency={currency} />
                  <table className="table" aria-labelledby={headingId}>
                    <thead>
                      <tr>
                        <th scope="col">{t('pipeline.month')}</th>
                        <th scope="col" className="num">{t('pipeline.deals')}</th>
                        <th scope="col" className="num">{t('pipeline.amount')}</th>
                        <th scope="col" className="num">{t('pipeline.weightedAmount')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {months.map((month) => (
                        <tr key={month.month}>
                          <th scope="row">{formatMonth(month.month)}</th>
                          <td className="num tabular">{formatNumber(month.dealCount)}</td>
                          <td className="num tabular">{formatMoney(month.amount, currency)}</td>
                          <td className="num tabular">{formatMoney(month.weightedAmount, currency)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              );
            })
          : null}
      </div>
    </div>
  );
}
