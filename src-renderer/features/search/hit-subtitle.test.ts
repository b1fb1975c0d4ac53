// A deal hit's second line names its stage in the UI language, even when the
// pipeline no longer has the stage (a default stage removed: its id is English).
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../app/i18n';
import { hitSubtitle } from './hit-subtitle';

const deal = (stageId: string, stageName: string | null) => ({
  entity: 'deals' as const,
  id: '0192f0e4-7c1a-7b3e-9d2f-4c5b6a7d8e9f',
  title: 'Renewal',
  subtitle: ['Globex'],
  deal: { stageId, stageName, amount: 0, currency: 'EUR' },
});

describe('a deal hit’s subtitle', () => {
  afterEach(() => setLocale('en'));

  it('names a removed default stage by its translated default name, not its English id', () => {
    setLocale('zh-CN');
    expect(hitSubtitle(deal('proposal', null)).slice(0, 2)).toEqual(['Globex', '方案']);
    expect(hitSubtitle(deal('proposal', 'Proposal')).slice(0, 2)).toEqual(['Globex', '方案']);
  });

  it('names a removed stage of the organisation’s own by its id, and a renamed one by its name', () => {
    setLocale('zh-CN');
    expect(hitSubtitle(deal('pilot-1', null)).slice(0, 2)).toEqual(['Globex', 'pilot-1']);
    expect(hitSubtitle(deal('proposal', 'Offer sent')).slice(0, 2)).toEqual(['Globex', 'Offer sent']);
    setLocale('en');
    expect(hitSubtitle(deal('proposal', null)).slice(0, 2)).toEqual(['Globex', 'Proposal']);
  });

  it('gives a hit’s own parts apart, so each shows in its own direction', () => {
    const contact = { entity: 'contacts' as const, id: '0192f0e4-7c1a-7b3e-9d2f-4c5b6a7d8e9f', title: 'שרה כהן', subtitle: ['مديرة المبيعات.', 'מאפיית כהן'] };
    expect(hitSubtitle(contact)).toEqual(['مديرة المبيعات.', 'מאפיית כהן']);
    expect(hitSubtitle({ ...contact, subtitle: [] })).toEqual([]);
  });

  it('keeps a value that itself holds " · " whole', () => {
    const contact = { entity: 'contacts' as const, id: '0192f0e4-7c1a-7b3e-9d2f-4c5b6a7d8e9f', title: 'Ada', subtitle: ['Sales · EMEA', 'מאפיית כהן'] };
    expect(hitSubtitle(contact)).toEqual(['Sales · EMEA', 'מאפיית כהן']);
    expect(hitSubtitle({ ...deal('lead', 'Lead'), subtitle: ['Globex · Berlin'] }).slice(0, 2)).toEqual(['Globex · Berlin', 'Lead']);
  });
});
