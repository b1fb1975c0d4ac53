// An amount on the pipeline board: in full where it fits, shortened
// ("SGD 2.3M") where it would not, so a number is never cut. An amount of up to
// 12 characters fits the narrowest column and is always in full; a longer one
// is rendered both ways and the column's width picks one (a container query in
// pipeline.css); the hidden one is display:none, so it is not read twice.
import { formatMoney } from '../../ui/format';

/** The most characters an amount may have to fit a column at its least width. */
const alwaysFits = 12;

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
