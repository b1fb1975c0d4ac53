// The body of a contact's, account's or deal's page: the Details card (side),
// the related cards (aside: open tasks, deals, contacts) and the activity
// timeline (main). Its DOM order, which is the order Tab and screen readers
// take, is side, aside, main: the order they are drawn in up to 1280 px,
// where the related cards head the wide column above the timeline (and so
// in one column). Wider, the three stand side by side as side, main, aside,
// and the grid's `reading-flow` has the browser read them in that drawn order.
import type { ReactNode } from 'react';

export interface DetailGridProps {
  readonly side: ReactNode;
  readonly aside: ReactNode;
  readonly main: ReactNode;
}

export function DetailGrid({ side, aside, main }: DetailGridProps) {
  return (
    <div className="detail-grid">
      <div className="detail-grid__side">{side}</div>
      <div className="detail-grid__aside">{aside}</div>
      <div className="detail-grid__main">{main}</div>
    </div>
  );
}
