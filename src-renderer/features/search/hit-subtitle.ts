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
 * its own parts (a contact's account and title) joined with " · " (record-titles.ts), so they are split there
 * again: a value that itself holds " · " is isolated in two pieces, each still in its own direction.
 */
export function hitSubtitle(hit: SearchHit): readonly string[] {
  const own = hit.subtitle.split(' · ');
  if (hit.deal === undefined) return own.filter((part) => part !== '');
  const { stageId, stageName, amount, currency } = hit.deal;
  const stage = stageName === null ? removedStageName(stageId) : stageLabel({ id: stageId, name: stageName });
  return [...own, stage, formatMoney(amount, currency)].filter((part) => part !== '');
}
