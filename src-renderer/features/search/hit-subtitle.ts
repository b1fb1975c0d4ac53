// A search hit's second line, shared by Ctrl+K and the record pickers: a
// deal's adds its stage and amount, in the UI language, to its account
// (deals of one account often share a name, and only these tell them apart).
// A deal in a stage removed from the pipeline (no name) shows the stage's
// default name, translated, when it was one of the default stages, else its id.
import type { SearchHit } from '../../../src-shared/search/search';
import { formatMoney } from '../../ui/format';
import { removedStageName, stageLabel } from '../deals/stages';

/**
 * The line's parts, empty ones left out, for JoinedValues to show each in its own direction. The search answers
 * a hit's own parts (a contact's title and account) as a list (SearchHit), never joined, so a value that itself
 * holds " · " stays one value in one <bdi>.
 */
export function hitSubtitle(hit: SearchHit): readonly string[] {
  const own = hit.subtitle.filter((part) => part !== '');
  if (hit.deal === undefined) return own;
  const { stageId, stageName, amount, currency } = hit.deal;
  const stage = stageName === null ? removedStageName(stageId) : stageLabel({ id: stageId, name: stageName });
  return [...own, stage, formatMoney(amount, currency)].filter((part) => part !== '');
}
