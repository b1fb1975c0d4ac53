// The chip of a stage a filter holds that the pipeline no longer has: a
// removed default stage reads in the UI language, not as its English id.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../app/i18n';
import { removedChoiceLabel } from './FilterPanel';

describe('a removed choice’s chip', () => {
  afterEach(() => setLocale('en'));

  it('names a removed default stage by its translated default name', () => {
    setLocale('zh-CN');
    expect(removedChoiceLabel('stage', 'negotiation')).toBe('谈判（已删除）');
    expect(removedChoiceLabel('stage', 'won')).toBe('赢单（已删除）');
    setLocale('en');
    expect(removedChoiceLabel('stage', 'negotiation')).toBe('Negotiation (removed)');
  });

  it('names any other removed value by the value itself', () => {
    setLocale('zh-CN');
    expect(removedChoiceLabel('stage', 'pilot-1')).toBe('pilot-1（已删除）');
    expect(removedChoiceLabel('status', 'won')).toBe('won（已删除）');
  });
});
