// A search hit's second line, shared by Ctrl+K and the record pickers: a
// deal's adds its stage and amount, in the UI language, to its account
// (deals of one account often share a name, and only these tell them apart).
// A deal in a stage removed from the pipeline (no name) shows the stage's
// default name, translated, when it was one of the default stages, else its id.
import { defaultPipelineStages } from '../../../src-shared/domain/pipeline';
import type { SearchHit } from '../../../src-shared/search/search';
import { formatMoney } from '../../ui/format';
import { stageLabel } from '../deals/stages';

export function hitSubtitle(hit: SearchHit): string {
  if (hit.deal === undefined) return hit.subtitle;
  const { stageId, stageName, amount, currency } = hit.deal;
  const removed = stageName === null ? (defaultPipelineStages.find((byDefault) => byDefault.id === stageId) ?? { id: stageId, name: stageId }) : null;
  const stage = stageLabel(removed ?? { id: stageId, name: stageName ?? stageId });
  return [hit.subtitle, stage, formatMoney(amount, currency)].filter((part) => part !== '').join(' · ');
}
