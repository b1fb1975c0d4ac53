// The question before a close drops unsaved typing (the page's beforeunload,
// router.tsx; Electron shows none of its own: unanswered, the close would
// just not happen). Asked without blocking the main process: a synchronous
// message box held it until answered, so a question left on screen kept the
// idle lock, the OS screen lock and suspend from locking the vault, for as
// long as nobody answered. The close waits (not prevented) while the question
// is up; "Leave" sets this window leaving and closes it again, which then
// goes through. A lock meanwhile locks as usual (the page's drafts go then).

/** What the question needs of a webContents (a stand-in in tests: the Electron binary cannot run here). */
export interface UnloadingContents {
  on(event: 'will-prevent-unload', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * `ask`: shows the question; resolves true for "Leave". `leave`: closes the window again (or quits the app, when a
 * quit was what asked), now that its page lets it go.
 */
export function askBeforeUnload(contents: UnloadingContents, ask: () => Promise<boolean>, leave: () => void): void {
  let asking = false;
  let leaving = false;
  contents.on('will-prevent-unload', (event) => {
    if (leaving) {
      event.preventDefault();
      return;
    }
    if (asking) return;
    asking = true;
    void ask()
      .catch(() => false)
      .then((leaveChosen) => {
        asking = false;
        if (!leaveChosen) return;
        leaving = true;
        leave();
      });
  });
}
