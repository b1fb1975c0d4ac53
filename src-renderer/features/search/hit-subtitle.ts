// A search hit's second line, shared by Ctrl+K and the record pickers: a
// deal's adds its stage and amount, in the UI language, to its account
// (deals of one account often share a name, and only these tell them apart).
// A deal in a stage removed from the pipeline (no name) shows the stage's
// default name, translated, when it was one of the default stages, else its id.
import type { SearchHit } from '../../../src-shared/search/search';
import { formatMoney } from '../../ui/format';
import { removedStageName, stageLabel } from '../deals/stages';

export function hitSubtitle(hit: SearchHit): string {
  if (hit.deal === undefined) return hit.subtitle;
  const { stageId, stageName, amount, currency } = hit.deal;
  const stage = stageName === null ? removedStageName(stageId) : stageLabel({ id: stageId, name: stageName });
  return [hit.subtitle, stage, formatMoney(amount, currency)].filter((part) => part !== '').join(' · ');
}
