// The unsaved-typing question on close, against a stand-in webContents (the
// Electron binary cannot run here): asked without holding the main process,
// the close going through only after "Leave", once.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { askBeforeUnload } from './unload-question';

/** Fires will-prevent-unload as Electron does when the page's beforeunload refused; true when the unload was let go. */
function unload(contents: EventEmitter): boolean {
  let prevented = false;
  contents.emit('will-prevent-unload', { preventDefault: () => (prevented = true) });
  return prevented;
}

describe('the question before a close drops unsaved typing', () => {
  it('asks without blocking, keeps the page on "Keep editing" and closes again on "Leave"', async () => {
    const contents = new EventEmitter();
    const answers: ((leave: boolean) => void)[] = [];
    let left = 0;
    askBeforeUnload(contents, () => new Promise<boolean>((resolve) => answers.push(resolve)), () => (left += 1));

    // The close waits while the question is up, and the main process goes on (a timer fires meanwhile).
    expect(unload(contents)).toBe(false);
    expect(await new Promise<string>((resolve) => setTimeout(() => resolve('turned'), 5))).toBe('turned');
    // A second close while it is up asks no second question.
    expect(unload(contents)).toBe(false);
    expect(answers).toHaveLength(1);

    answers[0]?.(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(left).toBe(0);
    expect(unload(contents)).toBe(false);
    expect(answers).toHaveLength(2);

    answers[1]?.(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(left).toBe(1);
    // The close "Leave" started goes through.
    expect(unload(contents)).toBe(true);
  });

  it('keeps the page when the question could not be shown', async () => {
    const contents = new EventEmitter();
    let left = 0;
    askBeforeUnload(contents, () => Promise.reject(new Error('no dialog')), () => (left += 1));
    expect(unload(contents)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(left).toBe(0);
  });
});
