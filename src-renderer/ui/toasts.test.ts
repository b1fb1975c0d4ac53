// Which toasts stay when one more joins them: plain ones leave first, then
// the oldest; a reminder (sticky) never leaves to make room.
import { describe, expect, it } from 'vitest';
import { keepWithin, type ToastInput } from './toasts';

const toast = (name: string, extra: Partial<ToastInput> = {}): ToastInput => ({ message: { key: 'action.undo' }, testId: name, ...extra });
const names = (toasts: readonly ToastInput[]) => toasts.map((shown) => shown.testId);
const undo = { label: 'action.undo', run: () => undefined } as const;

describe('keepWithin', () => {
  it('lets the oldest plain toast go first, else the oldest', () => {
    expect(names(keepWithin([toast('undo1', { action: undo }), toast('plain'), toast('undo2', { action: undo })], toast('new')))).toEqual(['undo1', 'undo2', 'new']);
    expect(names(keepWithin([toast('undo1', { action: undo }), toast('undo2', { action: undo }), toast('undo3', { action: undo })], toast('new')))).toEqual([
      'undo2',
      'undo3',
      'new',
    ]);
  });

  it('never lets a reminder go to make room; reminders alone leave the added toast beside them', () => {
    const reminder = (name: string) => toast(name, { sticky: true, action: undo });
    expect(names(keepWithin([reminder('r1'), toast('undo1', { action: undo }), toast('undo2', { action: undo })], toast('undo3', { action: undo })))).toEqual([
      'r1',
      'undo2',
      'undo3',
    ]);
    expect(names(keepWithin([reminder('r1'), reminder('r2'), reminder('r3')], reminder('r4')))).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(names(keepWithin([reminder('r1'), reminder('r2'), toast('plain')], toast('undo', { action: undo })))).toEqual(['r1', 'r2', 'undo']);
  });
});
