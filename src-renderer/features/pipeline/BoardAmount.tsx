// An amount on the pipeline board: in full where the column is wide, shortened
// ("SGD 2.3M", "US$4.8万") where it is narrow, so a number is never cut or
// broken across lines, and every long amount of a narrow board reads alike.
// An amount of up to 9 characters ("$9,500.00") fits the narrowest column in
// any language and is always in full; a longer one is rendered both ways and
// the column's width picks one (a container query in pipeline.css); the hidden
// one is display:none, so it is not read twice. The full amount is the title.
import { formatMoney } from '../../ui/format';

/** The most characters an amount may have to fit a column at its least width, bold, in Chinese too ("US$48,000.00" did not). */
const alwaysFits = 9;

export function BoardAmount({ minor, currency, className }: { readonly minor: number; readonly currency: string; readonly className: string }) {
  const full = formatMoney(minor, currency);
  if (full.length <= alwaysFits) return <span className={`${className} tabular`}>{full}</span>;
  return (
    <span className={`${className} tabular`} title={full}>
      <span className="board-amount__full">{full}</span>
      <span className="board-amount__short">{formatMoney(minor, currency, true)}</span>
    </span>
  );
}
