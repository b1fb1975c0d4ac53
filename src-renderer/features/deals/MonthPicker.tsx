// A month chosen with two selects, its name and its year, worded in the UI
// language. Chromium draws `<input type="month">` in the language it started
// in, so under Chinese the forecast's range still read "December 2026" and
// its picker was English (walkthrough 5 #3); selects take their options from
// the page, which formats them through Intl in the UI language ("十二月",
// "2026年"), in the order that language writes a month. Native selects keep
// the keyboard (arrows, type-ahead) and screen-reader behaviour users know.
// The group is named by the field's label, each select by what it picks;
// `invalid` (aria-invalid, aria-describedby) goes on both. The value is
// always a whole YYYY-MM, so a blank month is impossible; range rules stay
// with the caller.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMonthName, formatYear, yearComesFirst } from '../../ui/format';

/** Years offered either side of this year (and always the chosen one). */
const yearsAround = 5;

export interface MonthPickerProps {
  readonly label: string;
  /** YYYY-MM. */
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** The group's test id; its selects are `${testId}-month` and `${testId}-year`. */
  readonly testId: string;
  readonly invalid?: { readonly 'aria-invalid': true; readonly 'aria-describedby': string } | Record<string, never>;
}

export function MonthPicker({ label, value, onChange, testId, invalid = {} }: MonthPickerProps) {
  const { t } = useTranslation();
  const labelId = useId();
  const [year = new Date().getFullYear(), month = 1] = value.split('-').map(Number);
  const thisYear = new Date().getFullYear();
  const firstYear = Math.min(year, thisYear - yearsAround);
  const years = Array.from({ length: Math.max(year, thisYear + yearsAround) - firstYear + 1 }, (_, index) => firstYear + index);
  const choose = (nextYear: number, nextMonth: number) => onChange(`${String(nextYear).padStart(4, '0')}-${String(nextMonth).padStart(2, '0')}`);

  const monthSelect = (
    <select className="input" aria-label={t('monthPicker.month')} data-testid={`${testId}-month`} {...invalid} value={month} onChange={(event) => choose(year, Number(event.target.value))}>
      {Array.from({ length: 12 }, (_, index) => (
        <option key={index} value={index + 1}>
          {formatMonthName(index + 1)}
        </option>
      ))}
    </select>
  );
  const yearSelect = (
    <select className="input" aria-label={t('monthPicker.year')} data-testid={`${testId}-year`} {...invalid} value={year} onChange={(event) => choose(Number(event.target.value), month)}>
      {years.map((option) => (
        <option key={option} value={option}>
          {formatYear(option)}
        </option>
      ))}
    </select>
  );
  return (
    <div className={'aria-invalid' in invalid ? 'field field--invalid' : 'field'} role="group" aria-labelledby={labelId} data-testid={testId} data-value={value}>
      <span className="field__label" id={labelId}>
        {label}
      </span>
      <div className="month-picker">
        {yearComesFirst() ? (
          <>
            {yearSelect}
            {monthSelect}
          </>
        ) : (
          <>
            {monthSelect}
            {yearSelect}
          </>
        )}
      </div>
    </div>
  );
}
