// A search hit's second line, shared by Ctrl+K and the record pickers: a
// deal's adds its stage and amount, in the UI language, to its account
// (deals of one account often share a name, and only these tell them apart).
import type { SearchHit } from '../../../src-shared/search/search';
import { formatMoney } from '../../ui/format';
import { stageLabel } from '../deals/stages';

export function hitSubtitle(hit: SearchHit): string {
  if (hit.deal === undefined) return hit.subtitle;
  const { stageId, stageName, amount, currency } = hit.deal;
  const stage = stageName === null ? stageId : stageLabel({ id: stageId, name: stageName });
  return [hit.subtitle, stage, formatMoney(amount, currency)].filter((part) => part !== '').join(' · ');
}
