// Binds the transport-neutral handler registry to Electron IPC for one
// window: one ipcMain.handle per contract channel, and push events forwarded
// to that window. Every call is attributed to the frame that sent it, and the
// registry refuses it unless it came from our window's top-level app:// frame.
// The window's page hears pushes (EventBus.attachPage) from the moment our
// page has loaded until it navigates away, reloads, crashes or the window
// goes; reminders that fell due meanwhile follow the next load. When the page
// goes, its exports stop (Core.pageGone): the next page never learned them,
// so it could neither stop them nor save their files.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { channelNames, ipcChannel } from '../../src-shared/ipc/channels';
import type { Core } from '../app/core';
import { isAppUrl } from './app-url';
import { eventIpcChannel } from './event-channel';
import { electronSender } from './sender-check';

/** Registers the handlers and the event forwarding; returns the undo. */
export function bindIpc(core: Pick<Core, 'registry' | 'events' | 'pageGone'>, window: BrowserWindow): () => void {
  const contents = window.webContents;
  // Compared by id: it is never reused while the app runs, and reading it
  // from a destroyed webContents later is not needed.
  const ourContentsId = contents.id;

  for (const channel of channelNames) {
    // ipcMain.handle throws if the channel already has a handler, so binding
    // twice without disposing fails loudly instead of serving two windows.
    ipcMain.handle(ipcChannel(channel), (event: IpcMainInvokeEvent, input: unknown) => {
      // The input is passed on as unknown: the registry parses it with zod.
      const sender = electronSender(event.senderFrame, event.sender.id === ourContentsId);
      return core.registry.dispatch(sender, channel, input);
    });
  }

  const unsubscribe = core.events.subscribe((name, payload) => {
    if (contents.isDestroyed()) return;
    // Push only to our own page: after an (unexpected) navigation away from
    // app://fieldvault the window gets nothing more.
    if (!isAppUrl(contents.getURL())) return;
    contents.send(eventIpcChannel, name, payload);
  });

  let detachPage: (() => void) | undefined;
  const detach = () => {
    detachPage?.();
    detachPage = undefined;
  };
  // Not on a load: the page that has just loaded may already have asked for an export.
  const pageGone = () => {
    detach();
    core.pageGone();
  };
  const pageLoaded = () => {
    detach();
    if (!contents.isDestroyed() && isAppUrl(contents.getURL())) detachPage = core.events.attachPage();
  };
  // Detached when another document has replaced the page (did-navigate: the main frame's, committed; a
  // route change inside the app is did-navigate-in-page), not when a navigation starts: one refused in
  // will-navigate (a mailto: link handed to the OS) never loads again, and its page heard nothing more.
  const navigating = pageGone;
  contents.on('did-finish-load', pageLoaded);
  contents.on('did-navigate', navigating);
  contents.on('render-process-gone', pageGone);
  contents.on('destroyed', pageGone);

  let bound = true;
  return () => {
    if (!bound) return;
    bound = false;
    for (const channel of channelNames) ipcMain.removeHandler(ipcChannel(channel));
    unsubscribe();
    pageGone();
    if (contents.isDestroyed()) return;
    contents.off('did-finish-load', pageLoaded);
    contents.off('did-navigate', navigating);
    contents.off('render-process-gone', pageGone);
    contents.off('destroyed', pageGone);
  };
}
